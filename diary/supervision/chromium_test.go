package supervision

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"peerdiary/diary"
)

// requireChromium is set by CI, where a missing chromium or pdftotext must
// fail the run instead of skipping these tests.
const requireChromium = "PEERDIARY_REQUIRE_CHROMIUM"

// chromiumTools finds Debian's chromium and poppler's pdftotext, or skips
// (fails under CI) saying which is missing.
func chromiumTools(t *testing.T) (chromium, pdftotext string) {
	t.Helper()
	var missing []string
	find := func(names ...string) string {
		for _, n := range names {
			if p, err := exec.LookPath(n); err == nil {
				return p
			}
		}
		missing = append(missing, names[0])
		return ""
	}
	chromium = find("chromium", "chromium-browser")
	pdftotext = find("pdftotext")
	if len(missing) > 0 {
		msg := fmt.Sprintf("the printed-page tests need %s (Debian packages chromium and poppler-utils)", strings.Join(missing, " and "))
		if os.Getenv(requireChromium) != "" {
			t.Fatalf("%s; %s is set", msg, requireChromium)
		}
		t.Skip(msg)
	}
	return chromium, pdftotext
}

// canary is a local web server that counts the requests it gets: a page
// that loads anything from it is caught.
type canary struct {
	url  string
	hits atomic.Int32
}

func newCanary(t *testing.T) *canary {
	t.Helper()
	c := &canary{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.hits.Add(1)
		w.WriteHeader(http.StatusNotFound)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	c.url = "http://" + ln.Addr().String()
	return c
}

// printPage prints an HTML file to PDF in headless Chromium, as a person
// printing the page would, with a fresh profile and a net log, and returns
// the PDF's text and the net log.
func printPage(t *testing.T, chromium, pdftotext, page string) (text, netlog string) {
	t.Helper()
	dir := t.TempDir()
	pdf, log := filepath.Join(dir, "page.pdf"), filepath.Join(dir, "net.json")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--log-net-log="+log, "--net-log-capture-mode=Everything",
		"--no-pdf-header-footer", "--print-to-pdf="+pdf, (&url.URL{Scheme: "file", Path: page}).String())
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	nl, err := os.ReadFile(log)
	if err != nil {
		t.Fatalf("no net log: %v", err)
	}
	return string(out), string(nl)
}

// Chromium obeys the packet's content security policy: the same page with
// an image from a local server loads nothing, and without the policy (the
// control, which shows the test can see a load) loads it.
func TestChromiumObeysThePagePolicy(t *testing.T) {
	chromium, pdftotext := chromiumTools(t)
	c := newCanary(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name     string
		policy   bool
		wantHits int32
	}{{"control without the policy", false, 1}, {"with the packet policy", true, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			c.hits.Store(0)
			meta := ""
			if tc.policy {
				meta = `<meta http-equiv="Content-Security-Policy" content="` + pageCSP + `">`
			}
			page := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".html")
			html := `<!DOCTYPE html><html><head><meta charset="utf-8">` + meta + `<style>` + pageCSS + `</style></head>` +
				`<body><p>canary page</p><img src="` + c.url + `/image.png"><link rel="stylesheet" href="` + c.url + `/style.css"></body></html>`
			if err := os.WriteFile(page, []byte(html), 0o600); err != nil {
				t.Fatal(err)
			}
			text, _ := printPage(t, chromium, pdftotext, page)
			if !strings.Contains(text, "canary page") {
				t.Fatalf("the page did not print:\n%s", text)
			}
			if got := min(c.hits.Load(), 1); got != tc.wantHits {
				t.Errorf("the local server saw %d requests, want %d", c.hits.Load(), tc.wantHits)
			}
		})
	}
}

// The HTML packet, opened and printed in Chromium, holds the chosen
// entries redacted, one printed page each after the first, and asks for
// nothing from anywhere, even with links and image markup in the entries.
func TestHTMLPacketPrints(t *testing.T) {
	chromium, pdftotext := chromiumTools(t)
	c := newCanary(t)
	es := entries()
	es[1].Body += "\n\nSee " + c.url + "/notes and ![chart](" + c.url + "/chart.png) <img src=\"" + c.url + "/x.png\">"
	p, err := Build(Request{Entries: es, People: people(), Redact: true, Now: now, Location: utc,
		Flags: []diary.Flag{{ID: "bbbbbbbbbbbbbbbb", Note: "how I handled Sammy"}}, Note: "Talk about Priya, please."})
	if err != nil {
		t.Fatal(err)
	}
	html, err := p.HTML()
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "packet.html")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		t.Fatal(err)
	}
	text, netlog := printPage(t, chromium, pdftotext, page)
	for _, want := range []string{
		"Supervision packet", "Talk about Person A, please.",
		"Person A's first week went well.", "Client A's friend called.", "how I handled Client A",
		"<script>alert(1)</script>", // shown as text, never run
	} {
		if !strings.Contains(squash(text), want) {
			t.Errorf("the printed packet lacks %q:\n%s", want, text)
		}
	}
	if m := listed.FindString(text); m != "" {
		t.Errorf("%q is in the printed packet", m)
	}
	// pdftotext ends every page with a form feed: the header, then each
	// entry on pages of its own.
	if pages := strings.Count(text, "\f"); pages < 3 {
		t.Errorf("%d printed pages, want the header and each entry on its own", pages)
	}
	if n := c.hits.Load(); n != 0 {
		t.Errorf("the page made %d requests to a server named in an entry", n)
	}
	if strings.Contains(netlog, strings.TrimPrefix(c.url, "http://")) {
		t.Error("the net log names the server an entry mentions: the page tried to reach it")
	}
}

// squash joins the lines pdftotext laid out, so a sentence that wraps is
// still found.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
