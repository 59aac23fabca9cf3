package diary

// Summarize returns the catalog summary of one entry, as Load builds it, so a
// program that has just saved an entry can update its list (and its filter
// text) without decrypting the whole diary again. file is the entry's file
// name in entries/, or "" if it is not known.
func Summarize(e *Entry, file string) Summary {
	if file == "" && e.ID != "" {
		file = e.ID + FileExt
	}
	return summarize(e, file)
}

// SearchText is the lower-cased text, answers, tags and prompt that
// Filter's Words are matched against, so a list can filter as a person
// types without building a Filter per keystroke. A summary loaded from the
// index reads it from the index's texts the first time one is asked for,
// unless Store.LoadText has read them; it is "" if it can't be read (the
// diary has locked since).
func (s *Summary) SearchText() string {
	search, _, _ := s.textOf()
	return search
}
