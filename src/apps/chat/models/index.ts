export { ChatRoom, VISIBILITIES, type Visibility } from './room.js';
export { ChatMessage } from './message.js';
export { ChatRoomCreate, ChatRoomUpdate, ChatRoomRead, ChatMessageCreate, ChatMessageRead, pageOf } from './schemas.js';
