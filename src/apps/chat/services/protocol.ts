import { z } from 'zod';

/**
 * What a client sends on `/web/chat/` (text frames, JSON). The protocol is described in `../README.md`.
 * Text that is not a JSON object is a `send` of that text to the current room, as in the original.
 */
export const ClientFrame = z.discriminatedUnion('action', [
  z.object({ action: z.literal('change_room'), room_id: z.number().int().positive().max(2147483647) }),
  z.object({ action: z.literal('leave_room') }),
  z.object({
    action: z.literal('send'),
    message: z.string().trim().min(1).max(4000),
    room_id: z.number().int().positive().max(2147483647).optional(),
  }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** What the server answers to one client only (room events come from `services/events.ts`). */
export type ServerReply =
  | { type: 'ready'; user_id: number }
  | { type: 'joined'; room_id: number }
  | { type: 'left'; room_id: number; reason: 'leave_room' | 'change_room' | 'unsubscribed' | 'room_deleted' }
  | { type: 'sent'; room_id: number; message_id: number }
  | { type: 'error'; status: number; detail: string };

/** Parses one text frame into a client frame, or an error reply. */
export function parseFrame(text: string): ClientFrame | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) value = { action: 'send', message: text };
  const parsed = ClientFrame.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return { error: `Invalid frame: ${issue ? `${issue.path.join('.') || 'frame'}: ${issue.message}` : 'unreadable'}` };
}
