import { BooleanFilter } from './filter-select.js';

export default BooleanFilter;
