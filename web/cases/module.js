// The cases module in the browser: penalty cases (行政处罚案件). Its pages
// come with the case desk; for now it brings the words of its errors.
import strings from './strings.js';

export { strings };

export const pages = [];
