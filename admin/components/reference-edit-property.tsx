import { ReferenceEdit } from './edit-select.js';

export default ReferenceEdit;
