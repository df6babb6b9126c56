/**
 * Where a bucket's credentials come from, in the AWS SDK's order: keys given to us, then the
 * environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: what CI secrets and
 * aws-actions/configure-aws-credentials set), then the rest of the SDK's default chain (shared
 * config and credentials files with AWS_PROFILE, SSO, web identity, ECS and EC2 instance roles).
 *
 * Only that last part loads SDK code, and only when a request first needs it: a job whose keys are
 * in its environment never pays for it.
 */
import type { Credentials } from './s3-sigv4.js';

export type CredentialSource = () => Promise<Credentials>;

/** The environment's keys, read when asked (as the SDK does), or undefined without both halves. */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return env.AWS_SESSION_TOKEN
    ? { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN }
    : { accessKeyId, secretAccessKey };
}

/**
 * The source for one bucket. The environment is read once, on the first request; the SDK's chain,
 * when it is used, keeps and refreshes what it found itself (temporary credentials included).
 */
export function credentialSource(given?: Credentials): CredentialSource {
  if (given) return () => Promise.resolve(given);
  let chain: Promise<CredentialSource> | undefined;
  let fromEnvironment: Credentials | undefined;
  return async () => {
    if (!chain) {
      fromEnvironment = environmentCredentials();
      chain = fromEnvironment ? Promise.resolve(() => Promise.resolve(fromEnvironment!)) : sdkChain();
    }
    return (await chain)();
  };
}

async function sdkChain(): Promise<CredentialSource> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  const provider = defaultProvider();
  return async () => {
    let c;
    try {
      c = await provider();
    } catch (err) {
      throw Object.assign(
        new Error(
          `no AWS credentials: ${err instanceof Error ? err.message : String(err)} (looked for AWS_ACCESS_KEY_ID and ` +
            `AWS_SECRET_ACCESS_KEY, then ${process.env.AWS_PROFILE ? `profile ${JSON.stringify(process.env.AWS_PROFILE)}` : 'the default profile'} ` +
            `in the shared config and credentials files, web identity, and the container and instance roles)`,
          { cause: err }
        ),
        { code: 'CredentialsProviderError' }
      );
    }
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: c.expiration
    };
  };
}
