package stdio

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

const (
	valSuffix = ".val"
	tmpPrefix = ".tmp-" // never a key file: escaped keys do not start with '.'
	maxName   = 255     // the usual file-name limit (ext4, APFS, NTFS)
)

// defaultDataDir is where a node keeps its storage when Options.DataDir is
// empty; see the package doc for why.
func defaultDataDir(nodeID string) string {
	if base := os.Getenv("EDDY_DATA_DIR"); base != "" {
		return filepath.Join(base, escapeKey(nodeID))
	}
	return filepath.Join(os.TempDir(), "eddy-"+escapeKey(nodeID))
}

// fileStorage is node.Storage in a directory, one file per key. The
// directory is created by the first Put, so a node that never writes leaves
// nothing behind.
//
// The node.Storage interface cannot report a failed read, and reporting a
// key as missing when it could not be read would make a node forget state
// it promised to keep (uniqueids would reuse its boot counter). So Get and
// Keys panic on I/O errors; the node package turns that into a crash of the
// node, the honest outcome of a failing disk.
type fileStorage struct{ dir string }

// openFileStorage removes temporary files a crash in the middle of a Put
// left behind; the value they were meant to replace is still in place.
func openFileStorage(dir string) *fileStorage {
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), tmpPrefix) {
				_ = os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
	return &fileStorage{dir: dir}
}

// Get returns the value stored under key.
func (s *fileStorage) Get(key string) ([]byte, bool) {
	name := escapeKey(key) + valSuffix
	if len(name) > maxName {
		return nil, false // Put refuses such keys
	}
	b, err := os.ReadFile(filepath.Join(s.dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		panic(fmt.Sprintf("stdio storage: reading %q: %v", key, err))
	}
	return b, true
}

// Put stores value under key durably: temporary file, fsync, rename over
// the old value, fsync of the directory.
func (s *fileStorage) Put(key string, value []byte) (err error) {
	name := escapeKey(key) + valSuffix
	if len(name) > maxName {
		return fmt.Errorf("stdio storage: key %.40q… is too long: its file name would be %d bytes, the limit is %d", key, len(name), maxName)
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("stdio storage: %w", err)
	}
	f, err := os.CreateTemp(s.dir, tmpPrefix+"*")
	if err != nil {
		return fmt.Errorf("stdio storage: %w", err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
			err = fmt.Errorf("stdio storage: writing %q: %w", key, err)
		}
	}()
	if _, err := f.Write(value); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), filepath.Join(s.dir, name)); err != nil {
		return err
	}
	return syncDir(s.dir)
}

// Delete removes key; deleting a missing key is not an error.
func (s *fileStorage) Delete(key string) error {
	name := escapeKey(key) + valSuffix
	if len(name) > maxName {
		return nil
	}
	err := os.Remove(filepath.Join(s.dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil {
		err = syncDir(s.dir)
	}
	if err != nil {
		return fmt.Errorf("stdio storage: deleting %q: %w", key, err)
	}
	return nil
}

// Keys lists the stored keys, sorted by key (not by file name). Files that
// are not key files are ignored.
func (s *fileStorage) Keys() []string {
	entries, err := os.ReadDir(s.dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		panic(fmt.Sprintf("stdio storage: listing %s: %v", s.dir, err))
	}
	keys := []string{}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), valSuffix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if key, ok := unescapeKey(name); ok {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	return keys
}

// syncDir makes a rename or removal in dir durable. Windows cannot fsync a
// directory (and does not need to).
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// escapeKey turns a key into a file-name stem: bytes in [a-z0-9._-] stay,
// except a leading '.', and every other byte becomes %XX (upper-case hex).
// Upper-case letters are escaped so that two keys never map to names that
// differ only in case, which a case-insensitive file system would merge.
func escapeKey(key string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' && i > 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	}
	return b.String()
}

// unescapeKey inverts escapeKey; it reports false for a name escapeKey
// cannot produce.
func unescapeKey(name string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(name) {
			return "", false
		}
		hi, lo := unhex(name[i+1]), unhex(name[i+2])
		if hi < 0 || lo < 0 {
			return "", false
		}
		b.WriteByte(byte(hi<<4 | lo))
		i += 2
	}
	key := b.String()
	return key, escapeKey(key) == name
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
