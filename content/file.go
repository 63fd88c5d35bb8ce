package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"
)

// DefaultMaxFileSize is the largest file Loket reads from a knowledge base.
const DefaultMaxFileSize = 1 << 20

// errSkip marks a file that is deliberately not loaded, without a diagnostic.
var errSkip = errors.New("skip")

// readFile reads a text file from fsys, refusing files over max bytes before
// reading them, binary files, files that are not UTF-8, and symbolic links
// that leave the folder. It strips a byte-order mark and normalises line
// endings to "\n".
func readFile(fsys fs.FS, name string, max int64) ([]byte, error) {
	src, err := readBinary(fsys, name, max)
	if err != nil {
		return nil, err
	}
	return normaliseText(src)
}

// readBinary reads a file of at most max bytes from fsys as it is, refusing
// larger files before reading them and symbolic links that leave the folder.
func readBinary(fsys fs.FS, name string, max int64) ([]byte, error) {
	if err := checkLink(fsys, name); err != nil {
		return nil, err
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	if !info.Mode().IsRegular() {
		return nil, errSkip
	}
	if info.Size() > max {
		return nil, fmt.Errorf("file is %s, larger than the limit of %s", byteSize(info.Size()), byteSize(max))
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	defer f.Close()
	// The size can change between Stat and Read: never read more than max.
	src, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	if int64(len(src)) > max {
		return nil, fmt.Errorf("file is larger than the limit of %s", byteSize(max))
	}
	return src, nil
}

// textError is a file that is not UTF-8 text, located at the line of the
// first offending byte.
type textError struct {
	line int
	msg  string
}

func (e *textError) Error() string { return e.msg }

// errorLine returns the file line a read error is on, or 0 when it concerns
// the whole file.
func errorLine(err error) int {
	var te *textError
	if errors.As(err, &te) {
		return te.line
	}
	return 0
}

func normaliseText(src []byte) ([]byte, error) {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, &textError{lineAt(src, i), "binary file (a NUL byte on this line): only UTF-8 text is read"}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		return nil, &textError{lineAt(src, firstInvalid(src)), "not UTF-8 text (an invalid byte on this line); save the file as UTF-8"}
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src, nil
}

// checkLink refuses a symbolic link whose target lies outside fsys. File
// systems that cannot read links (embed.FS, fstest.MapFS) have none.
func checkLink(fsys fs.FS, name string) error {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return nil
	}
	info, err := rl.Lstat(name)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	target, err := rl.ReadLink(name)
	if err != nil {
		return fmt.Errorf("cannot read symbolic link: %w", unwrapPathError(err))
	}
	if path.IsAbs(target) || strings.HasPrefix(target, "/") {
		return fmt.Errorf("symbolic link to %s points outside the content folder", target)
	}
	resolved := path.Join(path.Dir(name), target)
	if resolved == ".." || strings.HasPrefix(resolved, "../") {
		return fmt.Errorf("symbolic link to %s points outside the content folder", target)
	}
	return nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func lineAt(src []byte, offset int) int {
	if offset > len(src) {
		offset = len(src)
	}
	return 1 + bytes.Count(src[:offset], []byte("\n"))
}

func firstInvalid(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(src)
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
