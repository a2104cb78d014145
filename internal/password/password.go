// Package password hashes and checks passwords with argon2id
// (golang.org/x/crypto/argon2), in the PHC string format so parameters can
// change without invalidating stored hashes.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/tillit-project/tillit"
)

// Params are argon2id cost parameters.
type Params struct {
	Time    uint32
	MemKiB  uint32
	Threads uint8
}

// Default follows the OWASP recommendation of argon2id with 64 MiB, t=1,
// p=2: about a quarter of a second on a 2-core machine.
var Default = Params{Time: 1, MemKiB: 64 * 1024, Threads: 2}

// Fast is for tests only: the same algorithm at a cost that keeps suites quick.
var Fast = Params{Time: 1, MemKiB: 1024, Threads: 1}

// MinLength and MaxLength bound a new password. The upper bound stops a
// megabyte password from becoming a denial of service.
const (
	MinLength = 12
	MaxLength = 256
)

// Check reports what is wrong with a new password, or nil.
func Check(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinLength {
		return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The password is too short."),
			Fields: map[string]tillit.Message{"password": tillit.Msg("Use at least %d characters.", MinLength)}}
	}
	if len(pw) > MaxLength {
		return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The password is too long."),
			Fields: map[string]tillit.Message{"password": tillit.Msg("Use at most %d characters.", MaxLength)}}
	}
	return nil
}

// Hash returns the PHC string of pw under p.
func Hash(pw string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemKiB, p.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemKiB, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrMismatch is returned by Verify for a wrong password.
var ErrMismatch = errors.New("password: mismatch")

// Verify checks pw against a PHC string made by Hash, in constant time.
func Verify(pw, phc string) error {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return errors.New("password: unknown hash format")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return errors.New("password: unsupported argon2 version")
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemKiB, &p.Time, &p.Threads); err != nil {
		return fmt.Errorf("password: bad parameters: %w", err)
	}
	// Stored hashes are ours, but bounds keep a corrupted row from asking
	// argon2 for gigabytes or a zero-length key (which panics).
	if p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Threads > 16 || p.MemKiB < 8*uint32(p.Threads) || p.MemKiB > 1<<21 {
		return errors.New("password: parameters out of range")
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return fmt.Errorf("password: bad salt: %w", err)
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return fmt.Errorf("password: bad key: %w", err)
	}
	if len(salt) < 8 || len(want) < 16 || len(want) > 64 {
		return errors.New("password: salt or key of the wrong length")
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.MemKiB, p.Threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}
