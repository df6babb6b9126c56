export declare function closeS3rverGaps<T>(server: T): T;
