package diary

import "iter"

// exportAll yields every entry of sums in full, as list --json reads them.
func exportAll(s *Store, sums []Summary) iter.Seq2[*Entry, error] { return s.Entries(sums) }
