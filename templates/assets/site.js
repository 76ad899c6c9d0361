// sitegen: progressive enhancement for the timeline (filters, search, keyboard).
