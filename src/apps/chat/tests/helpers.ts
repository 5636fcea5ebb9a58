import { User } from '../../user/models/index.js';
import { ChatRoom } from '../models/index.js';

/** A fixture room by name and owner's username. */
export async function roomOf(name: string, owner: string): Promise<ChatRoom> {
  const user = await User.getOr404({ username: owner });
  return ChatRoom.getOr404({ name, owner: user.id });
}

/** A fixture user by username. */
export const userNamed = (username: string): Promise<User> => User.getOr404({ username });
