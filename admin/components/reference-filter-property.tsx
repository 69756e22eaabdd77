import { ReferenceFilter } from './filter-select.js';

export default ReferenceFilter;
