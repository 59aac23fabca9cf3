package tui

import (
	"context"

	"peerdiary/diary"
)

// diaryStore is what the screens need of an open diary. *diary.Store
// satisfies it; tests use a fake that counts calls, which is how they prove
// that Update itself never touches the disk or the key.
type diaryStore interface {
	Path() string
	Unlock(passphrase []byte) error
	Lock()
	Load(ctx context.Context) (*diary.Catalog, error)
	Get(id string) (*diary.Entry, error)
	Save(e *diary.Entry) (diary.Summary, error)
	Read(sum *diary.Summary) (*diary.Entry, error)
	Delete(id string) error
	SaveDraft(d *diary.Draft) error
	Drafts() ([]diary.Draft, error)
	DeleteDraft(name string) error
	Settings() (*diary.Settings, error)
	supervisionStore // supervision.go
}

var _ diaryStore = (*diary.Store)(nil)

// createFunc makes a new diary (first run). It is a field of the model so
// tests can count calls and skip the real key derivation.
type createFunc func(dir string, passphrase []byte) (diaryStore, error)
