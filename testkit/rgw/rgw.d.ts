export declare const RGW_BINARIES: string[];

export interface RunningRgw {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  directory: string;
  pids: Record<string, number>;
  /** Milliseconds from the call to the first moment a signed request could succeed. */
  startMs: number;
  /** Resident memory of each daemon in bytes, by daemon name (mon.a, osd.0, client.rgw.test). */
  memory(): Record<string, number>;
  stop(): Promise<void>;
}

export declare function onPath(command: string, path?: string): string | undefined;
export declare function missingBinaries(): string[];
export declare function startRgw(options?: {
  timeoutMs?: number;
  detached?: boolean;
  log?: (line: string) => void;
}): Promise<RunningRgw>;
export declare function daemonMemory(pids: Record<string, number>): Record<string, number>;
export declare function stopRgwDirectory(directory: string): Promise<void>;
export declare function sweepStaleRgw(log?: (line: string) => void): Promise<void>;
