// Moderation's adapters: scrypt password hashes.
export { hashPassword, unusableHash, verifyPassword } from './crypto-passwords.js';
