import type { Role } from './roles';

/** Where a request came from: client IP (X-Forwarded-For only from TRUSTED_PROXIES) and the request id. */
export interface Origin {
  ip: string | null;
  requestId: string | null;
}

/** The staff member behind a request, as the guard found them. */
export interface Actor extends Origin {
  accountId: string;
  sessionId: string;
  login: string;
  role: Role | null;
  departmentCodes: string[];
  /** Password must be changed (new account, reset, or older than the policy allows). */
  mustChangePassword: boolean;
  /** The policy requires a second factor and the account has none yet. */
  totpEnrolmentRequired: boolean;
  /** Set when the caller is a client system's API key (accountId is then the key's id). */
  via?: 'api-key';
}

/** Who did something, as the audit trail records it: a staff member, or the system (CLI, scheduler). */
export interface AuditActor extends Partial<Origin> {
  accountId?: string | null;
  login?: string | null;
  role?: string | null;
}

export const SYSTEM: AuditActor = { login: 'system', role: null };
export const cliActor = (command: string): AuditActor => ({ login: `cli:${command}`, role: null });
