package research

import (
	"fmt"
	"strings"
)

// CardSpec is what a research team says about its study; [WriteCard] turns
// it into a card file.
type CardSpec struct {
	Study, Title, Institution, EthicsApproval, Funder string
	Investigator, EthicsContact                       Person
	Recipients                                        []string
	ConsentVersion, ConsentText                       string
	Families, Tags                                    []string
	From, Until                                       string // YYYY-MM-DD or ""
	Dates                                             Granularity
	Uses                                              []Use
	Retention                                         string
	WithdrawHow, WithdrawLimits                       string
}

// WriteCard encodes a card file from spec and validates it with the same
// parser workers' diaries use, so a card that is written is a card that
// joins. name is the file's name, for messages.
func WriteCard(name string, spec CardSpec) ([]byte, *Card, error) {
	var b strings.Builder
	b.WriteString("# A peerdiary study card. Workers invited to the study read it with\n")
	b.WriteString("#   peerdiary study join THIS-FILE\n")
	b.WriteString("# Any change to this file changes its fingerprint, and workers who\n")
	b.WriteString("# joined with the old card are asked to consent again. See docs/RESEARCH.md.\n\n")
	fmt.Fprintf(&b, "card = %d\n", CardFormat)
	kv := func(k, v string) {
		fmt.Fprintf(&b, "%s = %s\n", k, tomlString(v))
	}
	kv("study", spec.Study)
	kv("title", spec.Title)
	kv("institution", spec.Institution)
	kv("ethics_approval", spec.EthicsApproval)
	if spec.Funder != "" {
		kv("funder", spec.Funder)
	}
	b.WriteString("recipients = [\n")
	for _, r := range spec.Recipients {
		fmt.Fprintf(&b, "  %s,\n", tomlString(strings.TrimSpace(r)))
	}
	b.WriteString("]\n\n[investigator]\n")
	kv("name", spec.Investigator.Name)
	kv("contact", spec.Investigator.Contact)
	b.WriteString("\n[ethics_contact]\n")
	kv("name", spec.EthicsContact.Name)
	kv("contact", spec.EthicsContact.Contact)
	b.WriteString("\n[consent]\n")
	kv("version", spec.ConsentVersion)
	fmt.Fprintf(&b, "text = %s\n", tomlLongString(spec.ConsentText))
	b.WriteString("\n[sharing]\n")
	list := func(k string, vs []string) {
		var q []string
		for _, v := range vs {
			q = append(q, tomlString(v))
		}
		fmt.Fprintf(&b, "%s = [%s]\n", k, strings.Join(q, ", "))
	}
	list("families", spec.Families)
	list("tags", spec.Tags)
	if spec.From != "" {
		kv("from", spec.From)
	}
	if spec.Until != "" {
		kv("until", spec.Until)
	}
	kv("dates", string(spec.Dates))
	var uses []string
	for _, u := range spec.Uses {
		uses = append(uses, string(u))
	}
	list("uses", uses)
	fmt.Fprintf(&b, "retention = %s\n", tomlLongString(spec.Retention))
	b.WriteString("\n[withdrawal]\n")
	fmt.Fprintf(&b, "how = %s\n", tomlLongString(spec.WithdrawHow))
	fmt.Fprintf(&b, "limits = %s\n", tomlLongString(spec.WithdrawLimits))
	data := []byte(b.String())
	c, err := ParseCard(name, data)
	if err != nil {
		return nil, nil, err
	}
	return data, c, nil
}

// tomlString is s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tomlLongString is s as a TOML multi-line string, literal (”'…”') when
// s allows it, so the text reads in the file as it will on screen.
func tomlLongString(s string) string {
	s = normalizeLongText(s)
	if !strings.Contains(s, "'''") && !strings.HasSuffix(s, "'") && !strings.ContainsAny(s, "\r\x7f") && !hasControl(s) {
		return "'''\n" + s + "\n'''"
	}
	var b strings.Builder
	b.WriteString("\"\"\"\n")
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("\n\"\"\"")
	return b.String()
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' {
			return true
		}
	}
	return false
}
