export declare const S3_TEST_CREDENTIALS: { accessKeyId: string; secretAccessKey: string };

export interface RunningS3Server {
  endpoint: string;
  port: number;
  directory: string;
  setLastModified(bucket: string, key: string, date: Date): Promise<void>;
  stop(): Promise<void>;
}

export declare function startS3Server(options?: {
  directory?: string;
  port?: number;
}): Promise<RunningS3Server>;
