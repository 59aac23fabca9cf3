package research

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// testBundle makes a real bundle's plaintext: a worker joins, shares two
// entries and exports; the researcher's view of it is returned.
func testBundle(t testing.TB) (plain []byte, seed []byte) {
	t.Helper()
	card, _ := testCard(t)
	w := newWorker(t)
	w.write("a", diary.Entry{Body: "Jess was there. A good talk.", Mood: 4, Prompt: prompt("care.hard-days.1", "care", "hard-days", "What made today hard?")})
	w.write("b", diary.Entry{Template: "gibbs", Answers: []diary.Answer{{Step: "description", Question: "What happened?", Text: "Dale left early."}}})
	if _, err := Join(w.s, card, "test", w.clock); err != nil {
		t.Fatal(err)
	}
	w.grant(card.Study, "a", "b")
	sealed := w.export(card.Study)
	var err error
	plain, err = openForTest(t, sealed)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Load(w.s, card.Study)
	return plain, p.SigningKey
}

func openForTest(t testing.TB, sealed []byte) ([]byte, error) {
	return crypto.OpenAny(sealed, maxBundlePlain, testKey(t, "researcher"))
}

// zipFiles reads every file of a bundle's zip.
func zipFiles(t testing.TB, plain []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(plain), int64(len(plain)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// resign rewrites a manifest with edit and signs it with seed, keeping
// the other files; nil files means keep them all.
func resign(t testing.TB, plain, seed []byte, edit func(*Manifest), files map[string][]byte) []byte {
	t.Helper()
	all := zipFiles(t, plain)
	var m Manifest
	if err := json.Unmarshal(all[manifestName], &m); err != nil {
		t.Fatal(err)
	}
	edit(&m)
	m.SigningKey = base64.StdEncoding.EncodeToString(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey))
	delete(all, manifestName)
	delete(all, signatureName)
	for k, v := range files {
		if v == nil {
			delete(all, k)
		} else {
			all[k] = v
		}
	}
	out, err := packBundle(&m, seed, all)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestParseBundleRefusesTampering(t *testing.T) {
	plain, seed := testBundle(t)
	b, err := ParseBundle(plain)
	if err != nil {
		t.Fatalf("a real bundle does not parse: %v", err)
	}
	if len(b.Entries) != 2 || b.Manifest.Kind != KindEntries {
		t.Fatalf("%d entries, kind %q", len(b.Entries), b.Manifest.Kind)
	}
	files := zipFiles(t, plain)
	entryName := b.Manifest.Entries[0].File
	otherSeed := bytes.Repeat([]byte{9}, 32)
	cases := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"not a zip", []byte("PK but not really"), ErrBadBundle, "not a zip"},
		{"entry changed", rezip(t, plain, map[string][]byte{entryName: bytes.Replace(files[entryName], []byte("good talk"), []byte("bad talk!"), 1)}), ErrHashMismatch, "does not match the hash"},
		{"manifest changed", rezip(t, plain, map[string][]byte{manifestName: bytes.Replace(files[manifestName], []byte(`"sequence": 1`), []byte(`"sequence": 2`), 1)}), ErrBadSignature, "changed after it was signed"},
		{"signature removed", rezip(t, plain, map[string][]byte{signatureName: []byte("\n")}), ErrBadSignature, "not an Ed25519 signature"},
		{"card changed", rezip(t, plain, map[string][]byte{cardName: append(bytes.Clone(files[cardName]), '\n')}), ErrHashMismatch, "card.toml"},
		{"resigned by another key, entry changed", resign(t, plain, otherSeed, func(*Manifest) {}, map[string][]byte{entryName: []byte("{}")}), ErrHashMismatch, ""},
		{"extra file", resign(t, plain, seed, func(*Manifest) {}, map[string][]byte{"entries/E-ZZZZZZZZ.json": []byte("{}")}), ErrHashMismatch, "not listed"},
		{"missing entry", resign(t, plain, seed, func(*Manifest) {}, map[string][]byte{entryName: nil}), ErrHashMismatch, "missing"},
		{"consent text hash", resign(t, plain, seed, func(m *Manifest) { m.Consent.ConsentTextSHA256 = strings.Repeat("0", 64) }, nil), ErrBadConsent, "consent text"},
		{"consent withdrawn", resign(t, plain, seed, func(m *Manifest) { m.Consent.Status = StatusWithdrawn }, nil), ErrBadConsent, "after consent was withdrawn"},
		{"consent after export", resign(t, plain, seed, func(m *Manifest) { m.Consent.GivenAt = m.CreatedAt.Add(time.Hour) }, nil), ErrBadConsent, "before the bundle"},
		{"entry consented later", resign(t, plain, seed, func(m *Manifest) { m.Entries[0].ConsentedAt = m.CreatedAt.Add(time.Second) }, nil), ErrBadConsent, "consent time"},
		{"other participant", resign(t, plain, seed, func(m *Manifest) { m.ParticipantCode = "AAAA-BBBB-CCCC" }, nil), ErrBadConsent, "another participant"},
		{"newer schema", resign(t, plain, seed, func(m *Manifest) { m.Schema = 2 }, nil), ErrBadBundle, "newer peerdiary"},
		{"withdrawal in a bundle", resign(t, plain, seed, func(m *Manifest) { m.Withdrawal = &Withdrawal{Scope: ScopeStudy} }, nil), ErrBadBundle, "carries a withdrawal"},
		{"duplicate file", func() []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for _, n := range []string{manifestName, manifestName} {
				w, _ := zw.Create(n)
				w.Write(files[manifestName])
			}
			zw.Close()
			return buf.Bytes()
		}(), ErrBadBundle, "twice"},
		{"path outside", func() []byte {
			return rezip(t, plain, nil)
		}(), nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseBundle(tc.data)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("an untouched copy is refused: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q does not say %q", err, tc.msg)
			}
		})
	}
	// A zip entry with a name a bundle never has.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("../../etc/passwd")
	w.Write([]byte("x"))
	zw.Close()
	if _, err := ParseBundle(buf.Bytes()); !errors.Is(err, ErrBadBundle) || !strings.Contains(err.Error(), "a file a bundle never has") {
		t.Errorf("odd name: %v", err)
	}
}

func TestCoarseDates(t *testing.T) {
	at := time.Date(2027, 1, 1, 23, 30, 0, 0, time.FixedZone("", -5*3600)) // ISO week 53 of 2026
	for g, want := range map[Granularity]string{ByDay: "2027-01-01", ByWeek: "2026-W53", ByMonth: "2027-01"} {
		got := CoarseDate(at, g)
		if got != want {
			t.Errorf("%s: %s, want %s", g, got, want)
		}
		if !validCoarseDate(got, g) {
			t.Errorf("%s: %s does not check", g, got)
		}
	}
	for _, bad := range []struct {
		s string
		g Granularity
	}{{"2027-1-01", ByDay}, {"2026-W54", ByWeek}, {"2026-W5", ByWeek}, {"2026-13", ByMonth}, {"2026-11-02", ByMonth}} {
		if validCoarseDate(bad.s, bad.g) {
			t.Errorf("%q accepted as a %s", bad.s, bad.g)
		}
	}
}

func FuzzParseBundle(f *testing.F) {
	plain, _ := testBundle(f)
	f.Add(plain)
	f.Add([]byte{})
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBundle(data)
		if err != nil {
			if b != nil {
				t.Fatal("a bundle came back with an error")
			}
			if !errors.Is(err, ErrBadBundle) {
				t.Fatalf("error %v is not an ErrBadBundle", err)
			}
			for _, r := range err.Error() {
				if unsafeRune(r) {
					t.Fatalf("error carries U+%04X", r)
				}
			}
			return
		}
		// Whatever parses is signed by the key it names and consistent.
		files := zipFiles(t, data)
		sig, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(string(files[signatureName])))
		if !verify(b.PublicKey, files[manifestName], sig) {
			t.Fatal("accepted without a valid signature")
		}
		if len(b.Entries) != len(b.Manifest.Entries) {
			t.Fatal("entries and manifest disagree")
		}
		for i, e := range b.Entries {
			if sha256Hex(files[b.Manifest.Entries[i].File]) != b.Manifest.Entries[i].SHA256 || e.Pseudonym != b.Manifest.Entries[i].Pseudonym {
				t.Fatal("an entry does not match its manifest line")
			}
		}
	})
}

// FuzzBundleManifest fuzzes what a signer can put in a manifest: each
// input is signed with a known key and zipped with a real bundle's card
// and entries, so the fuzzer reaches the checks behind the signature
// (consent, hashes, dates, withdrawal) instead of stopping at the zip or
// the signature.
func FuzzBundleManifest(f *testing.F) {
	plain, seed := testBundle(f)
	files := zipFiles(f, plain)
	f.Add(files[manifestName])
	f.Add([]byte(`{"format":"peerdiary-research","schema":1,"kind":"withdrawal"}`))
	f.Fuzz(func(t *testing.T, manifest []byte) {
		sig := base64.StdEncoding.EncodeToString(sign(seed, manifest)) + "\n"
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, data := range files {
			if name == manifestName {
				data = manifest
			}
			if name == signatureName {
				data = []byte(sig)
			}
			w, _ := zw.Create(name)
			w.Write(data)
		}
		zw.Close()
		b, err := ParseBundle(buf.Bytes())
		if err != nil {
			if !errors.Is(err, ErrBadBundle) || b != nil {
				t.Fatalf("error %v", err)
			}
			return
		}
		m := &b.Manifest
		if m.Consent.ConsentTextSHA256 != b.Card.ConsentHash() || m.Card.SHA256 != b.Card.Hash() {
			t.Fatal("accepted a consent record that does not name the card")
		}
		for i, me := range m.Entries {
			if sha256Hex(files[me.File]) != me.SHA256 || b.Entries[i].Pseudonym != me.Pseudonym || me.ConsentedAt.After(m.CreatedAt) {
				t.Fatal("accepted an entry that does not match its manifest line")
			}
		}
		if m.Kind == KindEntries && m.Consent.Status != StatusGiven {
			t.Fatal("accepted entries sent without consent")
		}
	})
}
