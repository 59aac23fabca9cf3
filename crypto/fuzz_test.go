package crypto

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	agetest "c2sp.org/CCTV/age"
	"filippo.io/age/armor"
)

// Keys for the fuzz targets only, published here on purpose: the seed
// corpora are files encrypted to them.
const (
	fuzzClassicKey = "AGE-SECRET-KEY-15765U35HWM99745YP8TPE8Z9XY3ACL5QS89S87SH2TCS4GDN6YGQVZ73YU"
	fuzzHybridKey  = "AGE-SECRET-KEY-PQ-194TVGWF8FLET5WMDQFRKTN9KK3AJ388TQ9RMLRTFMT9QNYAE40CSJ4NTZK"
	fuzzPassphrase = "fuzz"
)

func fuzzIdentities(t testing.TB) []*Identity {
	var out []*Identity
	for _, k := range []string{fuzzClassicKey, fuzzHybridKey} {
		id, err := ParseIdentity([]byte(k))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

func TestFuzzCorporaPresent(t *testing.T) {
	for _, target := range []string{"FuzzOpen", "FuzzUnwrapIdentity", "FuzzHeaderMatchesAge"} {
		des, err := os.ReadDir(filepath.Join("testdata", "fuzz", target))
		if err != nil || len(des) < 5 {
			t.Errorf("%s: seed corpus has %d files (%v), want at least 5", target, len(des), err)
		}
	}
}

// addCCTVSeeds adds every CCTV vector's file, binary and (where armored)
// decoded, so the fuzzers start from the edge cases age itself is tested on.
func addCCTVSeeds(f *testing.F) {
	des, err := fs.ReadDir(agetest.Vectors, ".")
	if err != nil {
		f.Fatal(err)
	}
	for _, de := range des {
		raw, _ := fs.ReadFile(agetest.Vectors, de.Name())
		v := parseCCTV(f, de.Name(), raw)
		if len(v.file) > 1<<20 {
			continue // the 16 MiB stream vectors would slow every run
		}
		f.Add(v.file)
	}
}

// FuzzOpen feeds arbitrary bytes to Open: it must never panic, and it must
// never return plaintext together with an error.
func FuzzOpen(f *testing.F) {
	addCCTVSeeds(f)
	ids := fuzzIdentities(f)
	f.Fuzz(func(t *testing.T, file []byte) {
		const limit = 1 << 20
		plain, err := Open(file, limit, ids...)
		if err != nil {
			if plain != nil {
				t.Fatalf("%d bytes of plaintext with %v", len(plain), err)
			}
			if !errors.Is(err, ErrNotAgeFile) && !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrWrongKey) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unclassified error: %v", err)
			}
			return
		}
		if len(plain) > limit {
			t.Fatalf("%d bytes over the limit", len(plain))
		}
	})
}

// declaredWorkFactor returns the work factor an scrypt stanza asks for, read
// loosely (any integer), or 0. Used to keep the fuzzer away from real scrypt
// work above a cheap level: that would be slow, not wrong.
func declaredWorkFactor(file []byte) int {
	if bytes.HasPrefix(bytes.TrimLeft(file, " \t\r\n"), []byte(armor.Header)) {
		file, _ = io.ReadAll(armor.NewReader(bytes.NewReader(file)))
	}
	most := 0
	for line := range bytes.SplitSeq(file, []byte("\n")) {
		f := bytes.Fields(line)
		if len(f) >= 3 && string(f[0]) == "->" {
			if n, err := strconv.Atoi(string(f[len(f)-1])); err == nil && n > most {
				most = n
			}
		}
	}
	return most
}

// FuzzUnwrapIdentity feeds arbitrary key files to UnwrapIdentity: it must
// never panic, never return an identity with an error, sort every failure
// into one of its classes, and refuse a work factor over MaxWorkFactor
// without doing the work.
func FuzzUnwrapIdentity(f *testing.F) {
	addCCTVSeeds(f)
	f.Fuzz(func(t *testing.T, keyFile []byte) {
		n := declaredWorkFactor(keyFile)
		if n > 16 && n <= MaxWorkFactor {
			t.Skip("expensive but legitimate work factor")
		}
		id, err := UnwrapIdentity(keyFile, []byte(fuzzPassphrase))
		if err != nil {
			if id != nil {
				t.Fatal("an identity came back with an error")
			}
			switch {
			case errors.Is(err, ErrKeyFileDamaged), errors.Is(err, ErrKeyFileTooMuchWork),
				errors.Is(err, ErrNotPassphraseFile), errors.Is(err, ErrWrongPassphrase):
			default:
				t.Fatalf("unclassified error: %v", err)
			}
			if n > MaxWorkFactor && errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("work factor %d was attempted", n)
			}
			return
		}
		if n > MaxWorkFactor {
			t.Fatalf("a key file asking for work factor %d was opened", n)
		}
		if _, err := ParseIdentity(id.Text()); err != nil {
			t.Fatalf("the identity does not round-trip: %v", err)
		}
	})
}
