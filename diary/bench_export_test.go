package diary

import "iter"

// exportAll yields every entry of sums in full, as list --json reads them.
func exportAll(s *Store, sums []Summary) iter.Seq2[*Entry, error] {
	return func(yield func(*Entry, error) bool) {
		for i := range sums {
			e, err := s.Get(sums[i].ID)
			if !yield(e, err) {
				return
			}
		}
	}
}
