export declare function closeS3rverGaps<T>(server: T): T;

export interface GapFreeS3Server {
  endpoint: string;
  port: number;
  directory: string;
  setLastModified(bucket: string, key: string, date: Date): Promise<void>;
  stop(): Promise<void>;
}

export declare function startGapFreeS3Server(): Promise<GapFreeS3Server>;
