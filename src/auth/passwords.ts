import { Algorithm, hash, verify } from '@node-rs/argon2';

/** Argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane). */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** Verified against when an account does not exist, so the answer takes as long as for a real one. */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$nP8lABhqwcHVHREVx0cI+w$zsKpWVuY6i8Nx3nsj0PYEJe7rmQLsHPtcrBA9zxBZtk';
