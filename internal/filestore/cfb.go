package filestore

import (
	"encoding/binary"
	"errors"
	"io"
	"unicode/utf16"
)

// A minimal reader for the Compound File Binary format ([MS-CFB]), the
// container of legacy .doc, .xls and .ppt files (and of .msi installers and
// password-protected OOXML). It reads only the directory, to learn the names
// of the top-level streams and storages, and trusts nothing: every sector
// number is range-checked and every chain walk is bounded, so a crafted file
// can neither crash it nor keep it busy.

const (
	cfbEndOfChain = 0xFFFFFFFE
	cfbNoStream   = 0xFFFFFFFF
	cfbDirEntry   = 128
	cfbHeaderFAT  = 109 // FAT sector locations held in the header
)

var errCFB = errors.New("filestore: malformed compound file")

type cfbReader struct {
	r        io.ReaderAt
	size     int64
	shift    uint
	ss       int64  // sector size
	nSectors uint32 // sectors in the file after the header
	header   []byte
}

type cfbEntry struct {
	name               string
	kind               byte // 1 storage, 2 stream, 5 root
	left, right, child uint32
}

// cfbTopLevel returns the names of the streams and storages directly under
// the root of the compound file in r.
func cfbTopLevel(r io.ReaderAt, size int64) ([]string, error) {
	c := &cfbReader{r: r, size: size, header: make([]byte, 512)}
	if size < 512 {
		return nil, errCFB
	}
	if _, err := r.ReadAt(c.header, 0); err != nil {
		return nil, errCFB
	}
	h := c.header
	if binary.LittleEndian.Uint16(h[0x1C:]) != 0xFFFE {
		return nil, errCFB
	}
	switch c.shift = uint(binary.LittleEndian.Uint16(h[0x1E:])); c.shift {
	case 9, 12:
	default:
		return nil, errCFB
	}
	c.ss = 1 << c.shift
	if size <= c.ss {
		return nil, errCFB
	}
	c.nSectors = uint32(min((size-c.ss)/c.ss, 1<<31))

	entries, err := c.directory(binary.LittleEndian.Uint32(h[0x30:]))
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 || entries[0].kind != 5 {
		return nil, errCFB
	}
	// The children of a storage form a tree through left and right; walk
	// it from the root's child, guarding against cycles.
	var names []string
	seen := make(map[uint32]bool)
	stack := []uint32{entries[0].child}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if id == cfbNoStream {
			continue
		}
		if id == 0 || id >= uint32(len(entries)) || seen[id] {
			return nil, errCFB
		}
		seen[id] = true
		e := entries[id]
		if e.kind == 1 || e.kind == 2 {
			names = append(names, e.name)
		}
		stack = append(stack, e.left, e.right)
	}
	return names, nil
}

// directory reads the directory entries along the chain starting at sector
// first.
func (c *cfbReader) directory(first uint32) ([]cfbEntry, error) {
	var entries []cfbEntry
	buf := make([]byte, c.ss)
	sec := first
	for steps := uint32(0); sec != cfbEndOfChain; steps++ {
		if steps > c.nSectors {
			return nil, errCFB // a cycle
		}
		if err := c.readSector(sec, 0, buf); err != nil {
			return nil, err
		}
		for off := 0; off+cfbDirEntry <= len(buf); off += cfbDirEntry {
			entries = append(entries, parseCFBEntry(buf[off:off+cfbDirEntry]))
		}
		var err error
		if sec, err = c.next(sec); err != nil {
			return nil, err
		}
	}
	return entries, nil
}

func parseCFBEntry(b []byte) cfbEntry {
	e := cfbEntry{
		kind:  b[0x42],
		left:  binary.LittleEndian.Uint32(b[0x44:]),
		right: binary.LittleEndian.Uint32(b[0x48:]),
		child: binary.LittleEndian.Uint32(b[0x4C:]),
	}
	n := int(binary.LittleEndian.Uint16(b[0x40:]))/2 - 1 // in UTF-16 units, without the final NUL
	if n < 0 {
		n = 0
	}
	if n > 31 {
		n = 31
	}
	u := make([]uint16, n)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	e.name = string(utf16.Decode(u))
	return e
}

// next returns the sector after sec in its chain, from the FAT.
func (c *cfbReader) next(sec uint32) (uint32, error) {
	perSector := uint32(c.ss / 4)
	fatSec, err := c.fatSector(sec / perSector)
	if err != nil {
		return 0, err
	}
	var b [4]byte
	if err := c.readSector(fatSec, int64(sec%perSector)*4, b[:]); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b[:]), nil
}

// fatSector returns the location of the i-th sector of the FAT: the first
// 109 are listed in the header, the rest in a chain of DIFAT sectors.
func (c *cfbReader) fatSector(i uint32) (uint32, error) {
	if i < cfbHeaderFAT {
		return binary.LittleEndian.Uint32(c.header[0x4C+4*i:]), nil
	}
	i -= cfbHeaderFAT
	perDIFAT := uint32(c.ss/4) - 1 // the last entry links to the next DIFAT sector
	sec := binary.LittleEndian.Uint32(c.header[0x44:])
	var b [4]byte
	for hops := i / perDIFAT; hops > 0; hops-- {
		if err := c.readSector(sec, c.ss-4, b[:]); err != nil {
			return 0, err
		}
		sec = binary.LittleEndian.Uint32(b[:])
	}
	if err := c.readSector(sec, int64(i%perDIFAT)*4, b[:]); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b[:]), nil
}

// readSector fills b from sector sec at offset off within it.
func (c *cfbReader) readSector(sec uint32, off int64, b []byte) error {
	if sec >= c.nSectors || off+int64(len(b)) > c.ss {
		return errCFB
	}
	if _, err := c.r.ReadAt(b, (int64(sec)+1)*c.ss+off); err != nil {
		return errCFB
	}
	return nil
}
