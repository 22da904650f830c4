package ingest

import (
	"io"
	"runtime"
	"sync"

	"github.com/dhakira/dhakira"
)

// decoded is one record of an input with what decoding it gave.
type decoded struct {
	raw    Raw
	input  int
	n      int // the line it starts on
	column func(field string) string
	rec    *dhakira.Record
	errs   []Issue
}

type batch struct {
	items []decoded
	ready chan struct{}
}

const batchSize = 256

// eachDecoded reads the records of in, decodes them on every core and calls
// fn with each in file order. Decoding JSON is half the cost of an import;
// this overlaps it with the store's writes. It returns the input's
// RecordReader.Column, for problems found later.
func eachDecoded(in Input, idx int, fn func(decoded) error) (func(string) string, error) {
	noColumn := func(string) string { return "" }
	rc, err := in.Open()
	if err != nil {
		return noColumn, err
	}
	defer rc.Close()
	rr := in.Format(rc)
	work := make(chan *batch, 4*runtime.GOMAXPROCS(0))
	ordered := make(chan *batch, 4*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				for i := range b.items {
					b.items[i].rec, b.items[i].errs = decode(b.items[i].raw, rr.Column)
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
		var err error
		for {
			var raw Raw
			if raw, err = rr.Next(); err != nil {
				break
			}
			b.items = append(b.items, decoded{raw: raw, input: idx, n: raw.Line, column: rr.Column})
			if len(b.items) == batchSize && !send() {
				err = errStopped
				break
			}
		}
		if err == io.EOF {
			err = nil
		}
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
	err = <-readErr
	if fnErr != nil {
		return rr.Column, fnErr
	}
	if err == errStopped {
		return rr.Column, nil
	}
	return rr.Column, err
}

type stoppedError struct{}

func (stoppedError) Error() string { return "stopped" }

var errStopped error = stoppedError{}
