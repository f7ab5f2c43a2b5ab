// The tickets module in the browser (接诉即办): its words; its pages come
// with the ticket desk.
import strings from './strings.js';

export { strings };

export const pages = [];
