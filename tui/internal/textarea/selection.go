package textarea

// Position is a location in the textarea's logical buffer: Row indexes a
// logical (unwrapped) line, Col indexes a rune within that line. Col may
// equal the line length, meaning "just past the last rune".
type Position struct {
	Row int
	Col int
}

// before reports whether p sorts before q in the buffer.
func (p Position) before(q Position) bool {
	if p.Row != q.Row {
		return p.Row < q.Row
	}
	return p.Col < q.Col
}

// ClearSelection removes the current selection, if any.
func (m *Model) ClearSelection() {
	m.hasSelection = false
	m.selAnchor = Position{}
	m.selHead = Position{}
}

// HasSelection reports whether a non-empty selection is active.
func (m Model) HasSelection() bool {
	return m.hasSelection && m.selAnchor != m.selHead
}

// Selection returns the selected range, normalized so start sorts before end,
// and whether a non-empty selection is active.
func (m Model) Selection() (start, end Position, ok bool) {
	if !m.HasSelection() {
		return Position{}, Position{}, false
	}
	start, end = m.selAnchor, m.selHead
	if end.before(start) {
		start, end = end, start
	}
	return start, end, true
}

// selectionSpanFor returns the half-open rune range [from, to) of the given
// logical row that is selected, restricted to the wrapped segment covering
// [base, base+length). ok is false when the segment holds no selected runes.
func (m Model) selectionSpanFor(row, base, length int) (from, to int, ok bool) {
	start, end, active := m.Selection()
	if !active || row < start.Row || row > end.Row {
		return 0, 0, false
	}

	lineLen := len(m.value[row])

	rowFrom, rowTo := 0, lineLen
	if row == start.Row {
		rowFrom = clamp(start.Col, 0, lineLen)
	}
	if row == end.Row {
		rowTo = clamp(end.Col, 0, lineLen)
	}

	from = max(rowFrom, base)
	to = min(rowTo, base+length)
	if from >= to {
		return 0, 0, false
	}
	return from - base, to - base, true
}
