package supervision

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLText reads an HTML packet back as the Markdown packet it was made
// beside: the same words, in the same order, so a supervisor can read a
// printable page in the terminal without saving it anywhere. Only the
// page's headings, lists and text blocks are read; its style, its head and
// anything else are left out, and nothing in it is fetched or run.
//
// It uses golang.org/x/net/html, the HTML5 parser maintained with Go,
// rather than patterns over the text: entry text may hold anything that
// looks like markup, and only a real parser reads it as the browser does.
func HTMLText(page []byte) ([]byte, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("%w: the page can't be read", ErrNotPacket)
	}
	body := find(doc, atom.Body)
	if body == nil || find(body, atom.H1) == nil {
		return nil, fmt.Errorf("%w: the page has no packet in it", ErrNotPacket)
	}
	w := &textWriter{}
	w.walk(body, false)
	return []byte(w.b.String()), nil
}

type textWriter struct{ b strings.Builder }

// para makes sure what comes next starts after a blank line.
func (w *textWriter) para() {
	s := w.b.String()
	switch {
	case s == "", strings.HasSuffix(s, "\n\n"):
	case strings.HasSuffix(s, "\n"):
		w.b.WriteString("\n")
	default:
		w.b.WriteString("\n\n")
	}
}

func (w *textWriter) walk(n *html.Node, inEntry bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.H1:
			w.para()
			w.b.WriteString("# " + textOf(c) + "\n\n")
		case atom.H2:
			if !inEntry {
				w.para()
			}
			w.b.WriteString("## " + textOf(c) + "\n\n")
		case atom.H3:
			w.para()
			w.b.WriteString("### " + textOf(c) + "\n\n")
		case atom.Li:
			w.b.WriteString("- " + textOf(c) + "\n")
		case atom.Div:
			if hasClass(c, "text") {
				w.para()
				w.b.WriteString(textOf(c) + "\n")
				continue
			}
			w.walk(c, inEntry)
		case atom.Section:
			entry := hasClass(c, "entry")
			if entry {
				w.para()
				w.b.WriteString("---\n\n")
			}
			w.walk(c, entry)
		case atom.Footer, atom.Script, atom.Style, atom.Template:
		default:
			w.walk(c, inEntry)
		}
	}
}

// textOf is the text of a node and everything in it, as written.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && a.Namespace == "" {
			for _, c := range strings.Fields(a.Val) {
				if c == class {
					return true
				}
			}
		}
	}
	return false
}
