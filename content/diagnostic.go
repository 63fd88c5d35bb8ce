package content

import (
	"fmt"
	"sort"
)

// Severity says whether a diagnostic stops a file from being published.
type Severity string

const (
	// SeverityError means the file, or the offending part of it, is not
	// published; a previously loaded version keeps serving.
	SeverityError Severity = "error"
	// SeverityWarning means the file is published anyway.
	SeverityWarning Severity = "warning"
)

// Diagnostic is one problem found in the content, located by file and line.
type Diagnostic struct {
	Path     string   `json:"path"`           // below the content folder, forward slashes
	Line     int      `json:"line,omitempty"` // 1-based; 0 when the whole file is concerned
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// String formats the diagnostic as "path:line: message", the form editors'
// tools understand; warnings are marked as such.
func (d Diagnostic) String() string {
	loc := d.Path
	if d.Line > 0 {
		loc = fmt.Sprintf("%s:%d", d.Path, d.Line)
	}
	if d.Severity == SeverityWarning {
		return loc + ": warning: " + d.Message
	}
	return loc + ": " + d.Message
}

// diagnostics collects diagnostics for one file.
type diagnostics struct {
	path string
	list []Diagnostic
}

func (ds *diagnostics) errorf(line int, format string, args ...any) {
	ds.list = append(ds.list, Diagnostic{Path: ds.path, Line: line, Severity: SeverityError, Message: fmt.Sprintf(format, args...)})
}

func (ds *diagnostics) warnf(line int, format string, args ...any) {
	ds.list = append(ds.list, Diagnostic{Path: ds.path, Line: line, Severity: SeverityWarning, Message: fmt.Sprintf(format, args...)})
}

func (ds *diagnostics) hasErrors() bool {
	return countErrors(ds.list) > 0
}

func countErrors(list []Diagnostic) int {
	n := 0
	for _, d := range list {
		if d.Severity == SeverityError {
			n++
		}
	}
	return n
}

func sortDiagnostics(list []Diagnostic) {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Path != list[j].Path {
			return list[i].Path < list[j].Path
		}
		return list[i].Line < list[j].Line
	})
}
