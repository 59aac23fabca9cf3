package diary

import (
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An entry's search text is its text lower-cased (strings.ToLower), which
// is what Filter's words are matched against. To hold the text as written
// as well, without a second copy, a summary keeps the edits that turn the
// lower-cased text back into the original: for most text a few bytes per
// capital letter.
//
// The edits are a sequence of records, each
//
//	uvarint gap   bytes the same in both, copied as they are
//	uvarint x     x&1 == 0: the next x>>1 bytes are ASCII letters to
//	              upper-case; x&1 == 1: the next x>>1 lower-cased bytes
//	              stand for the uvarint-length-prefixed string that follows
//
// after the last of which the rest is copied as it is. It is checked
// (checkUnfold) before it is used on anything read from disk.

// folder lower-cases text as strings.ToLower does and records the edits
// that undo it.
type folder struct {
	out   []byte // the lower-cased text
	edits []byte
	gap   int // bytes unchanged since the last record
	run   int // ASCII capitals in the current run, not yet recorded
}

func (f *folder) flushRun() {
	if f.run > 0 {
		f.edits = binary.AppendUvarint(f.edits, uint64(f.gap))
		f.edits = binary.AppendUvarint(f.edits, uint64(f.run)<<1)
		f.gap, f.run = 0, 0
	}
}

// add appends s lower-cased.
func (f *folder) add(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				f.out = append(f.out, c+'a'-'A')
				f.run++
			} else {
				f.flushRun()
				f.out = append(f.out, c)
				f.gap++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		// As strings.Map: a byte that is not UTF-8 becomes U+FFFD, and a
		// rune that maps to itself is kept as its bytes.
		l := unicode.ToLower(r)
		if l == r && (r != utf8.RuneError || size > 1) {
			f.flushRun()
			f.out = append(f.out, s[i:i+size]...)
			f.gap += size
			i += size
			continue
		}
		f.flushRun()
		n := len(f.out)
		f.out = utf8.AppendRune(f.out, l)
		f.edits = binary.AppendUvarint(f.edits, uint64(f.gap))
		f.edits = binary.AppendUvarint(f.edits, uint64(len(f.out)-n)<<1|1)
		f.edits = binary.AppendUvarint(f.edits, uint64(size))
		f.edits = append(f.edits, s[i:i+size]...)
		f.gap = 0
		i += size
	}
}

// done records what is pending and returns the edits.
func (f *folder) done() string {
	f.flushRun()
	return string(f.edits)
}

// strUvarint reads a uvarint from the start of s; n is 0 if there is none.
func strUvarint(s string) (x uint64, n int) {
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			return 0, 0
		}
		x |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return x, i + 1
		}
	}
	return 0, 0
}

// checkUnfold reports whether edits rebuild exactly total bytes from lower:
// every record whole, every length inside lower, every capital run of
// ASCII lower-case letters.
func checkUnfold(lower, edits string, total int) bool {
	fp, out := 0, 0
	for len(edits) > 0 {
		gap, n := strUvarint(edits)
		if n == 0 {
			return false
		}
		edits = edits[n:]
		x, n := strUvarint(edits)
		if n == 0 || gap > uint64(len(lower)-fp) {
			return false
		}
		edits = edits[n:]
		fp += int(gap)
		out += int(gap)
		m := x >> 1
		if m > uint64(len(lower)-fp) {
			return false
		}
		if x&1 == 0 {
			if m == 0 {
				return false
			}
			for i := fp; i < fp+int(m); i++ {
				if c := lower[i]; c < 'a' || c > 'z' {
					return false
				}
			}
			out += int(m)
		} else {
			k, n := strUvarint(edits)
			if n == 0 || k > uint64(len(edits)-n) {
				return false
			}
			edits = edits[n+int(k):]
			out += int(k)
		}
		fp += int(m)
		if out > total {
			return false
		}
	}
	return total-out <= len(lower)-fp
}

// unfold rebuilds the first total bytes of the original text from the
// lower-cased text and its edits, which checkUnfold has accepted.
func unfold(lower, edits string, total int) string {
	var b strings.Builder
	b.Grow(total)
	fp := 0
	for len(edits) > 0 {
		gap, n := strUvarint(edits)
		edits = edits[n:]
		x, n := strUvarint(edits)
		edits = edits[n:]
		b.WriteString(lower[fp : fp+int(gap)])
		fp += int(gap)
		m := int(x >> 1)
		if x&1 == 0 {
			for i := fp; i < fp+m; i++ {
				b.WriteByte(lower[i] - ('a' - 'A'))
			}
		} else {
			k, n := strUvarint(edits)
			b.WriteString(edits[n : n+int(k)])
			edits = edits[n+int(k):]
		}
		fp += m
	}
	b.WriteString(lower[fp : fp+total-b.Len()])
	return b.String()
}
