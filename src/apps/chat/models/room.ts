import { z } from 'zod';
import { BaseTable, Collection, Field, ManyToMany, ManyToOne, Model, OneToMany, OptionalProps, Unique, currentEm, type Rel } from '../../../core/db/index.js';
import { User } from '../../user/models/index.js';
import { ChatMessage } from './message.js';

/** Who sees a room in lists: `public` rooms are listed to everyone; talking in any room needs membership. */
export const VISIBILITIES = ['private', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Escapes LIKE wildcards so a search for `50%` matches the text "50%". */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A chat room (table `chatroom`): a name unique per owner, a visibility, an owner and members (`chatroomuserlink`).
 * @example const room = await ChatRoom.create({ name: 'general', owner_id: user.id }).save(); await room.subscribe(other);
 */
@Model({ tableName: 'chatroom' })
@Unique({ name: 'uq_chatroom_name_owner', properties: ['name', 'owner'] })
export class ChatRoom extends BaseTable {
  [OptionalProps]?: 'visibility';
  @Field(z.string().trim().min(1).max(255)) name!: string;
  @Field(z.enum(VISIBILITIES).default('private')) visibility!: Visibility;
  @ManyToOne(() => User, { deleteRule: 'cascade', index: 'ix_chatroom_owner_id' }) owner!: Rel<User>;
  @ManyToMany(() => User, undefined, { owner: true, pivotTable: 'chatroomuserlink', joinColumn: 'room_id', inverseJoinColumn: 'user_id' })
  members = new Collection<User>(this);
  @OneToMany(() => ChatMessage, (message) => message.room, { orderBy: { createdAt: 'asc' } }) messages = new Collection<ChatMessage>(this);

  /** True when `user` may read and write here: an admin, the owner or a member (one query at most). */
  async allows(user: User): Promise<boolean> {
    if (user.isAdmin || this.owner.id === user.id) return true;
    const rows = await currentEm().execute('select 1 from "chatroomuserlink" where "room_id" = ? and "user_id" = ? limit 1', [this.id, user.id]);
    return rows.length > 0;
  }

  /** True when `user` may edit or delete the room: an admin or the owner. */
  isManagedBy(user: User): boolean {
    return user.isAdmin || this.owner.id === user.id;
  }

  /** Adds `user` to the members (nothing when already one). */
  async subscribe(user: User): Promise<void> {
    await currentEm().execute('insert into "chatroomuserlink" ("room_id", "user_id") values (?, ?) on conflict do nothing', [this.id, user.id]);
  }

  /** Removes `user` from the members (nothing when not one). */
  async unsubscribe(user: User): Promise<void> {
    await currentEm().execute('delete from "chatroomuserlink" where "room_id" = ? and "user_id" = ?', [this.id, user.id]);
  }

  /** The ids of the rooms among `roomIds` that `user` belongs to (as a member; one query). */
  static async memberOf(user: User, roomIds: readonly number[]): Promise<Set<number>> {
    if (roomIds.length === 0) return new Set();
    const rows = await currentEm().execute<Array<{ room_id: number }>>(
      `select "room_id" from "chatroomuserlink" where "user_id" = ? and "room_id" in (${roomIds.map(() => '?').join(', ')})`,
      [user.id, ...roomIds],
    );
    return new Set(rows.map((r) => r.room_id));
  }

  /**
   * The rooms `user` sees (the original's `get_member_rooms`): all of them for an admin; otherwise public
   * ones, owned ones and those the user is a member of. `startsWith` narrows by name (case-insensitive).
   * Latest activity first (updated_at, else created_at, descending), each room once. One query.
   */
  static async visibleTo(user: User, startsWith?: string): Promise<ChatRoom[]> {
    const qb = currentEm().createQueryBuilder(ChatRoom, 'r').select('*');
    if (!user.isAdmin) {
      qb.where(`(r.visibility = 'public' or r.owner_id = ? or r.id in (select l.room_id from chatroomuserlink l where l.user_id = ?))`, [user.id, user.id]);
    }
    if (startsWith) qb.andWhere('r.name ilike ?', [`${escapeLike(startsWith)}%`]);
    const rooms = await qb.getResult();
    // Latest activity first; a room never updated counts from its creation (a plain `updated_at desc` puts nulls first).
    const at = (room: ChatRoom) => (room.updatedAt ?? room.createdAt).getTime();
    return rooms.sort((a, b) => at(b) - at(a) || b.id - a.id);
  }
}
