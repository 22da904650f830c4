package jsonl

import (
	"runtime"
	"sync"

	"github.com/dhakira/dhakira"
)

// decoded is one line with what decoding it gave.
type decoded struct {
	line
	rec  *dhakira.Record
	errs []dhakira.FieldError
}

type batch struct {
	items []decoded
	ready chan struct{}
}

const batchSize = 256

// eachDecoded reads the lines of in, decodes them on every core and calls
// fn with each in file order. Decoding JSON is half the cost of an import;
// this overlaps it with the store's writes.
func eachDecoded(in Input, idx int, fn func(decoded) error) error {
	work := make(chan *batch, 4*runtime.GOMAXPROCS(0))
	ordered := make(chan *batch, 4*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				for i := range b.items {
					b.items[i].rec, b.items[i].errs = decode(b.items[i].line)
				}
				close(b.ready)
			}
		}()
	}
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		defer close(ordered)
		defer close(work)
		b := &batch{ready: make(chan struct{})}
		send := func() bool {
			select {
			case work <- b:
			case <-stop:
				return false
			}
			select {
			case ordered <- b:
			case <-stop:
				return false
			}
			b = &batch{ready: make(chan struct{})}
			return true
		}
		err := eachLine(in, idx, func(l line) error {
			if l.data != nil {
				l.data = append([]byte(nil), l.data...) // the scanner reuses its buffer
			}
			b.items = append(b.items, decoded{line: l})
			if len(b.items) == batchSize && !send() {
				return errStopped
			}
			return nil
		})
		if err == nil && len(b.items) > 0 {
			send()
		}
		readErr <- err
	}()
	var fnErr error
	for b := range ordered {
		<-b.ready
		if fnErr != nil {
			continue
		}
		for _, d := range b.items {
			if fnErr = fn(d); fnErr != nil {
				close(stop)
				break
			}
		}
	}
	wg.Wait()
	err := <-readErr
	if fnErr != nil {
		return fnErr
	}
	if err == errStopped {
		return nil
	}
	return err
}

type stoppedError struct{}

func (stoppedError) Error() string { return "stopped" }

var errStopped error = stoppedError{}
