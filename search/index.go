// Package search is the archive's full-text search: dhakira's own index,
// derived from the store, owned by the server, that follows the store's
// change feed and can always be thrown away and rebuilt from it. Arabic is
// searched the way readers type it — with or without hamza, diacritics,
// tatweel, the article or a joined preposition — and records are found
// through the names of their places and of the records they link to, in
// either language.
//
// The index is a set of immutable segment files (posting lists with
// impacts and positions, Roaring bitmaps of facet values), memory-mapped,
// a bitmap of deleted documents, and a manifest naming them with the
// store's change they reflect. A write adds files and then renames the
// manifest, so a crash leaves the previous state whole; every file is
// checked against its checksum on open, and a damaged index is rebuilt
// from the store.
package search

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/RoaringBitmap/roaring/v2"
)

// formatVersion changes whenever the files or what documents hold do: an
// index written by another version is rebuilt from the store on open.
const formatVersion = "dhakira-index-7"

const manifestName = "manifest.json"

// manifest names the files of the index's current state.
type manifest struct {
	Version  string   `json:"version"`
	Gen      uint64   `json:"gen"`
	Seq      int64    `json:"seq"`  // the last store change the index holds
	Next     uint32   `json:"next"` // the next document number
	Segments []string `json:"segments"`
	Deleted  string   `json:"deleted"`
}

// view is one consistent state of the index, never changed once
// published: a write makes a new one.
type view struct {
	segs    []*segment // by base
	deleted *roaring.Bitmap
	live    *roaring.Bitmap            // every document not deleted
	facets  map[string]*roaring.Bitmap // facet value → its documents, over all segments
	seq     int64
	next    uint32
	files   manifest

	facetOnce sync.Once   // the facet table, built by the first search that counts facets
	ftab      *facetTable // see facets.go
}

// Index is the index of one archive. Only one process may open it.
type Index struct {
	path string
	lock *os.File

	mu     sync.RWMutex // held for reading by searches while they read segments
	v      *view
	closed bool

	wmu   sync.Mutex // one writer
	next  uint32     // the next document number to give out
	codes codeTable  // memory code → its live document
	gen   uint64
	// damaged says why the index was found damaged on open, if it was.
	damaged string
}

// ErrLocked is returned when another process holds the index.
var ErrLocked = errors.New("the search index is in use by another process (a running dhakira serve owns it)")

// Open opens the index at path, creating it when it does not exist. An
// index that is damaged (a file missing, cut or overwritten, its checksum
// wrong) or written by another version is removed and created anew; it is
// derived data, and the caller rebuilds it from the store. created reports
// that the index starts empty.
func Open(path string) (*Index, bool, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, false, err
	}
	lock, err := os.OpenFile(filepath.Join(path, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, ErrLocked
		}
		return nil, false, err
	}
	ix := &Index{path: path, lock: lock}
	created := false
	if err := ix.load(); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			ix.damaged = err.Error()
		}
		if err := ix.clear(); err != nil {
			lock.Close()
			return nil, false, err
		}
		created = true
	}
	return ix, created, nil
}

// load reads the manifest and opens what it names.
func (ix *Index) load() error {
	data, err := os.ReadFile(filepath.Join(ix.path, manifestName))
	if err != nil {
		return err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("%w: manifest: %v", ErrDamaged, err)
	}
	if m.Version != formatVersion {
		return fmt.Errorf("built by another version (%q)", m.Version)
	}
	v := &view{seq: m.Seq, next: m.Next, files: m, deleted: roaring.New()}
	fail := func(err error) error {
		for _, s := range v.segs {
			s.close()
		}
		return err
	}
	for _, name := range m.Segments {
		s, err := openSegment(filepath.Join(ix.path, name))
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				err = fmt.Errorf("%w: %v", ErrDamaged, err)
			}
			return fail(err)
		}
		s.name = name
		v.segs = append(v.segs, s)
	}
	if m.Deleted != "" {
		d, err := readBitmap(filepath.Join(ix.path, m.Deleted))
		if err != nil {
			return fail(err)
		}
		v.deleted = d
	}
	v.finish(nil, nil)
	ix.v, ix.gen, ix.next = v, m.Gen, m.Next
	ix.codes = codeTable{}
	ix.codes.reserve(int(v.live.GetCardinality()))
	codeOf := codesIn(v.segs)
	for _, s := range v.segs {
		for ord := range s.n {
			if doc := s.base + ord; !v.deleted.Contains(doc) {
				ix.codes.set(s.codeBytes(ord), doc, codeOf)
			}
		}
	}
	// Files a crash left behind, written for a manifest never renamed.
	keep := map[string]bool{manifestName: true, "lock": true, m.Deleted: true}
	for _, n := range m.Segments {
		keep[n] = true
	}
	entries, _ := os.ReadDir(ix.path)
	for _, e := range entries {
		if !keep[e.Name()] {
			os.RemoveAll(filepath.Join(ix.path, e.Name()))
		}
	}
	return nil
}

// clear removes every file of the index and starts it empty.
func (ix *Index) clear() error {
	entries, err := os.ReadDir(ix.path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != "lock" {
			if err := os.RemoveAll(filepath.Join(ix.path, e.Name())); err != nil {
				return err
			}
		}
	}
	v := &view{deleted: roaring.New(), seq: 0, next: 0}
	v.finish(nil, nil)
	ix.v, ix.codes, ix.next = v, codeTable{}, 0
	return ix.writeManifest(v)
}

// finish computes the live set and the facet bitmaps of v, from prev when
// v only adds segments to it.
func (v *view) finish(prev *view, added []*segment) {
	v.live = roaring.New()
	for _, s := range v.segs {
		v.live.AddRange(uint64(s.base), uint64(s.base)+uint64(s.n))
	}
	v.live.AndNot(v.deleted)
	if prev != nil {
		v.facets = make(map[string]*roaring.Bitmap, len(prev.facets))
		for k, b := range prev.facets {
			v.facets[k] = b
		}
	} else {
		v.facets = map[string]*roaring.Bitmap{}
		added = v.segs
	}
	for _, s := range added {
		for i, k := range s.fkeys {
			b := s.facetBitmap(i)
			if old := v.facets[k]; old != nil {
				v.facets[k] = roaring.Or(old, b)
			} else {
				v.facets[k] = b.Clone()
			}
		}
	}
}

// segmentOf returns the segment holding doc, or nil.
func (v *view) segmentOf(doc uint32) *segment {
	i, _ := slices.BinarySearchFunc(v.segs, doc, func(s *segment, d uint32) int {
		switch {
		case s.base+s.n <= d:
			return -1
		case s.base > d:
			return 1
		}
		return 0
	})
	if i < len(v.segs) && v.segs[i].base <= doc && doc < v.segs[i].base+v.segs[i].n {
		return v.segs[i]
	}
	return nil
}

// Close closes the index; closing it again does nothing.
func (ix *Index) Close() error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	for _, s := range ix.v.segs {
		s.close()
	}
	return ix.lock.Close()
}

// Seq is the last store change the index holds.
func (ix *Index) Seq() (int64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.v.seq, nil
}

// DocCount is the number of records in the index.
func (ix *Index) DocCount() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.v.live.GetCardinality(), nil
}

// Segments is the number of segment files of the index.
func (ix *Index) Segments() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.v.segs)
}

// newSegmentName returns a name no file of the index has.
func (ix *Index) newName(prefix string) string {
	ix.gen++
	return fmt.Sprintf("%s-%08d", prefix, ix.gen)
}

// reserve takes n document numbers for a new segment.
func (ix *Index) reserve(n int) uint32 {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	base := ix.next
	ix.next += uint32(n)
	return base
}

// writeSegment writes a built segment to a new file and opens it.
func (ix *Index) writeSegment(b *segmentBuilder) (*segment, error) {
	ix.wmu.Lock()
	name := ix.newName("seg") + ".dks"
	ix.wmu.Unlock()
	path := filepath.Join(ix.path, name)
	if _, err := b.write(path); err != nil {
		os.Remove(path)
		return nil, err
	}
	s, err := openSegment(path)
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	// Opening read the whole file through its map to check it. Its pages
	// stay in the page cache, but leave the process's resident memory
	// until a search reads them: a rebuild of a million records otherwise
	// ended with the whole index resident, 1.3 GB beside the builders.
	syscall.Madvise(s.data, syscall.MADV_DONTNEED)
	s.name = name
	return s, nil
}

// commit publishes a new state: add and drop segments, delete the live
// documents of codes, and record seq when it is not 0. The new files are
// written before the manifest is renamed over the old one.
func (ix *Index) commit(add, drop []*segment, deleteCodes []string, seq int64) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.RLock()
	old := ix.v
	ix.mu.RUnlock()
	v := &view{seq: old.seq, next: max(old.next, ix.next), deleted: old.deleted.Clone()}
	if seq != 0 {
		v.seq = seq
	}
	for _, s := range add {
		v.next = max(v.next, s.base+s.n)
	}
	// The table's documents are in old's segments; those of add are
	// looked up too once they are in it.
	codeOf := codesIn(old.segs, add)
	var gone []string
	for _, c := range deleteCodes {
		if doc, ok := ix.codes.get([]byte(c), codeOf); ok {
			v.deleted.Add(doc)
			gone = append(gone, c)
		}
	}
	dropped := map[*segment]bool{}
	for _, s := range drop {
		dropped[s] = true
		v.deleted.RemoveRange(uint64(s.base), uint64(s.base)+uint64(s.n))
	}
	for _, s := range old.segs {
		if !dropped[s] {
			v.segs = append(v.segs, s)
		}
	}
	// A document of an added segment replaces the code's older one.
	for _, s := range add {
		for ord := range s.n {
			if doc, ok := ix.codes.get(s.codeBytes(ord), codeOf); ok && !(len(drop) > 0 && inSegments(drop, doc)) {
				v.deleted.Add(doc)
			}
		}
		v.segs = append(v.segs, s)
	}
	slices.SortFunc(v.segs, func(a, b *segment) int { return int(int64(a.base) - int64(b.base)) })
	v.deleted.RunOptimize()
	if len(drop) > 0 {
		v.finish(nil, nil)
	} else {
		v.finish(old, add)
	}
	v.files = manifest{Version: formatVersion, Seq: v.seq, Next: v.next}
	for _, s := range v.segs {
		v.files.Segments = append(v.files.Segments, s.name)
	}
	if !v.deleted.IsEmpty() {
		v.files.Deleted = ix.newName("deleted") + ".roar"
		if err := writeBitmap(filepath.Join(ix.path, v.files.Deleted), v.deleted); err != nil {
			return err
		}
	}
	if err := ix.writeManifest(v); err != nil {
		return err
	}
	for _, c := range gone {
		ix.codes.remove([]byte(c), -1, codeOf)
	}
	for _, s := range drop {
		for ord := range s.n {
			ix.codes.remove(s.codeBytes(ord), int64(s.base+ord), codeOf)
		}
	}
	for _, s := range add {
		for ord := range s.n {
			ix.codes.set(s.codeBytes(ord), s.base+ord, codeOf)
		}
	}
	ix.mu.Lock()
	ix.v = v
	for _, s := range drop {
		s.close()
	}
	ix.mu.Unlock()
	if old.files.Deleted != "" && old.files.Deleted != v.files.Deleted {
		os.Remove(filepath.Join(ix.path, old.files.Deleted))
	}
	for _, s := range drop {
		os.Remove(filepath.Join(ix.path, s.name))
	}
	return nil
}

func inSegments(segs []*segment, doc uint32) bool {
	for _, s := range segs {
		if s.base <= doc && doc < s.base+s.n {
			return true
		}
	}
	return false
}

// writeManifest writes v's manifest atomically: a new file renamed over
// the old one.
//
// Nothing is synced to disk. The index is derived data: a kill -9 loses
// nothing (what was written is in the page cache), and after a power cut a
// manifest naming a segment the disk never got fails its checksum on open
// and the index is rebuilt from the store. Syncs cost more than the rest
// of a catch-up on a busy disk.
func (ix *Index) writeManifest(v *view) error {
	m := v.files
	m.Version, m.Seq, m.Next, m.Gen = formatVersion, v.seq, v.next, ix.gen
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tmp := filepath.Join(ix.path, manifestName+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(ix.path, manifestName))
}

// writeBitmap writes b with a checksum after it.
func writeBitmap(path string, b *roaring.Bitmap) error {
	data, err := b.ToBytes()
	if err != nil {
		return err
	}
	data = binary.LittleEndian.AppendUint32(data, crc32.Checksum(data, castagnoli))
	return os.WriteFile(path, data, 0o644)
}

func readBitmap(path string) (*roaring.Bitmap, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		return nil, err
	}
	if len(data) < 4 || crc32.Checksum(data[:len(data)-4], castagnoli) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, fmt.Errorf("%w: %s: checksum mismatch", ErrDamaged, path)
	}
	b := roaring.New()
	if _, err := b.FromBuffer(data[:len(data)-4]); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, path, err)
	}
	return b.Clone(), nil
}

// Reset empties the index, for a rebuild from the store.
func (ix *Index) Reset() error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, s := range ix.v.segs {
		s.close()
	}
	return ix.clear()
}

var _ = strings.Cut
