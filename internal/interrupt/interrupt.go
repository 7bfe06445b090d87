// Package interrupt stops waiting for a call that cannot be cancelled (a
// read of a file, a library call that does not watch its context) as soon
// as the caller's context ends, so ctrl+c works even then.
package interrupt

import "context"

// Wait runs f in a goroutine of its own and returns what f returns, or
// ctx's error as soon as ctx ends first. f then runs on unobserved until it
// returns, and its result is dropped: use Wait where giving up is all that
// is left to do, as the CLI does before it exits on ctrl+c, and where f
// changes nothing that outlives it.
func Wait[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type result struct {
		value T
		err   error
	}
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	done := make(chan result, 1) // f's goroutine never waits for a reader
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.value, r.err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}
