// Sites' adapters: enrollment codes and agents' tokens made and hashed with node:crypto.
export { newAgentToken, newEnrollmentCode, secretHash } from './crypto-tokens.js';
