/** Lambda entry of Summarise. */
export { summariseHandler as handler } from './handler.js';
