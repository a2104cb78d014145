package password

import (
	"errors"
	"testing"

	"github.com/tillit-project/tillit"
)

func TestHashVerify(t *testing.T) {
	h, err := Hash("correct horse battery", Fast)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify("correct horse battery", h); err != nil {
		t.Fatalf("Verify(right) = %v", err)
	}
	if err := Verify("correct horse batterx", h); !errors.Is(err, ErrMismatch) {
		t.Fatalf("Verify(wrong) = %v, want ErrMismatch", err)
	}
	h2, _ := Hash("correct horse battery", Fast)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
		if err := Verify("x", bad); err == nil || errors.Is(err, ErrMismatch) {
			t.Errorf("Verify(%q) = %v, want a format error", bad, err)
		}
	}
}

func TestCheck(t *testing.T) {
	for pw, want := range map[string]string{
		"short":                   tillit.EINVALID,
		"åäöåäöåäöåäö":            "", // 12 characters, 24 bytes
		"a-good-long-passphrase":  "",
		string(make([]byte, 300)): tillit.EINVALID,
	} {
		if got := tillit.ErrorCode(Check(pw)); got != want {
			t.Errorf("Check(%q) = %q, want %q", pw, got, want)
		}
	}
}

func FuzzVerify(f *testing.F) {
	h, _ := Hash("seed password", Fast)
	f.Add("seed password", h)
	f.Add("x", "$argon2id$v=19$m=1,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, pw, phc string) {
		_ = Verify(pw, phc) // must not panic, whatever the stored string holds
	})
}
