import { DefaultFilter } from './filter-select.js';

export default DefaultFilter;
