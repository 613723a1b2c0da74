import { z } from 'zod';
import { InstantSchema } from './common.js';

/** A promise to the customer: "you will hear from us by <dueAt>". */
export const CommitmentSchema = z.object({
  id: z.string().min(1),
  ticketId: z.number().int().positive(),
  agentId: z.number().int().positive(),
  dueAt: InstantSchema,
  note: z.string().max(2000).default(''),
  createdAt: InstantSchema,
  /** Set when cancelled by the agent (cleared or replaced). */
  cancelledAt: InstantSchema.nullable().default(null),
});
export type Commitment = z.infer<typeof CommitmentSchema>;
export type CommitmentInput = z.input<typeof CommitmentSchema>;

export const COMMITMENT_STATES = ['upcoming', 'due_soon', 'overdue', 'met', 'cancelled'] as const;
export const CommitmentStateSchema = z.enum(COMMITMENT_STATES);
export type CommitmentState = z.infer<typeof CommitmentStateSchema>;

export const CommitmentStatusSchema = z.object({
  commitment: CommitmentSchema,
  state: CommitmentStateSchema,
  /** The first public agent reply after the commitment was set, when it met it. */
  metAt: InstantSchema.nullable(),
  /** Wall-clock minutes until due (negative when overdue). */
  minutesLeft: z.number(),
  /** Instants at which reminders fire (from the policy's commitment reminder offsets). */
  reminderAt: z.array(InstantSchema),
  explanation: z.string(),
});
export type CommitmentStatus = z.infer<typeof CommitmentStatusSchema>;
