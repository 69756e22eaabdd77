import { DefaultEdit } from './edit-select.js';

export default DefaultEdit;
