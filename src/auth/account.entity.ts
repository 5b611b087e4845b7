import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from './roles';

/** A staff member's account. `role` null = no access at all (a new account waits for the security administrator). */
@Entity('staff_accounts')
@Check(`"role" IS NULL OR "role" IN ('sysadmin', 'secadmin', 'auditor', 'reviewer', 'editor')`)
export class StaffAccount {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-case login name. */
  @Column({ type: 'varchar', length: 64, unique: true })
  login: string;

  @Column({ type: 'varchar', length: 100 })
  displayName: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  role: Role | null;

  /** Departments an editor may maintain (codes); empty for every other role. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  departmentCodes: string[];

  /** Argon2id PHC string. */
  @Column({ type: 'text' })
  passwordHash: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  passwordChangedAt: Date;

  /** Server-side state that blocks every business endpoint until the password is changed. */
  @Column({ type: 'boolean', default: true })
  mustChangePassword: boolean;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** The TOTP seed, sealed with SecretBox (AES-256-GCM); set by enrolment, active once `totpEnabled`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  totpSecret: string | null;

  @Column({ type: 'boolean', default: false })
  totpEnabled: boolean;

  /**
   * The last TOTP time step (Unix time / 30) a code of this account was accepted for. A code is accepted only for a
   * later step, so an observed code cannot be replayed; written with a conditional UPDATE (atomic).
   */
  @Column({ type: 'bigint', nullable: true })
  totpLastStep: string | null;

  /** Incremented on every change by the service (optimistic locking through If-Match). */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** Earlier password hashes (the policy forbids reusing the last 3). */
@Entity('staff_password_history')
export class StaffPasswordHistory {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => StaffAccount, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: StaffAccount;

  @Column({ type: 'text' })
  passwordHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A signed-in session. The bearer token is random and only its SHA-256 is stored; revocation is a column, so
 * logout, disabling an account or changing its role end its sessions at once.
 */
@Entity('staff_sessions')
export class StaffSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Index()
  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => StaffAccount, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: StaffAccount;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  /** Absolute end of the session, whatever the activity. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;
}

/**
 * Sign-in attempts by login name (whether or not the account exists), for the lockout rule. One row per login,
 * counted with a single INSERT … ON CONFLICT DO UPDATE … RETURNING before the password is checked, so parallel
 * attempts are serialised on the row and cannot all slip under the threshold. A successful sign-in deletes the row.
 */
@Entity('staff_sign_in_attempts')
export class StaffSignInAttempts {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  login: string;

  /** Attempts in the current window, the current one included (successful sign-ins reset the row). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  windowStartedAt: Date;

  /** Set when the attempts pass the policy's threshold; refused until then. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lastIp: string | null;
}

/** The security policy, one row, kept by the security administrator. */
@Entity('security_policy')
@Check(`"id" = 1`)
export class SecurityPolicy {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  /** Days after which a password must be changed; 0 = never. */
  @Column({ type: 'integer', default: 90 })
  passwordMaxAgeDays: number;

  @Column({ type: 'boolean', default: false })
  requireTotp: boolean;

  /** Administrators (sysadmin, secadmin, auditor) and reviewers must enrol a second factor; on unless turned off. */
  @Column({ type: 'boolean', default: true })
  requireTotpForPrivileged: boolean;

  @Column({ type: 'integer', default: 5 })
  lockoutThreshold: number;

  @Column({ type: 'integer', default: 15 })
  lockoutWindowMinutes: number;

  @Column({ type: 'integer', default: 15 })
  lockoutMinutes: number;

  @Column({ type: 'integer', default: 30 })
  idleTimeoutMinutes: number;

  @Column({ type: 'integer', default: 480 })
  sessionMaxMinutes: number;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

export const APPROVAL_ACTIONS = ['reset-password', 'disable'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'executed'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * Dual control (三员分立): the system administrator asks to reset the password of, or disable, a privileged account
 * (an administrator or a reviewer); a second administrator of another role approves or rejects; only then may the
 * requester carry it out, once, before it expires. The one-time password of a reset is never stored: it is generated
 * when the requester executes the approved request and shown to them alone.
 */
@Entity('account_approvals')
@Check(`"action" IN ('reset-password', 'disable')`)
@Check(`"status" IN ('pending', 'approved', 'rejected', 'executed')`)
export class AccountApproval {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  action: ApprovalAction;

  @Index()
  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => StaffAccount, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: StaffAccount;

  /** The account's version when asked: an account changed meanwhile makes the request stale. */
  @Column({ type: 'integer' })
  accountVersion: number;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ApprovalStatus;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'uuid' })
  requestedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  executedAt: Date | null;
}
