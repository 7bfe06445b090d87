package preview

import (
	"container/list"
	"sync"
)

// DefaultCacheBytes bounds the preview cache unless told otherwise.
const DefaultCacheBytes = 64 << 20

// Key names one version of one object: a new version is a new picture.
// Version is whatever tells an object's versions apart (the terminal UI
// uses its size and time of last change).
type Key struct{ Bucket, Object, Version string }

// Cache keeps recently shown pictures, least recently used out first,
// holding at most its byte bound. It is safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	limit   int64
	used    int64
	order   *list.List // front: most recently used; values are *cacheEntry
	entries map[Key]*list.Element
	evicted func(*Picture)
}

type cacheEntry struct {
	key Key
	pic *Picture
}

// NewCache returns a cache bounded to limit bytes (DefaultCacheBytes when
// limit <= 0). evicted, when not nil, is called with every picture that
// leaves the cache (kitty images are deleted from the terminal then).
func NewCache(limit int64, evicted func(*Picture)) *Cache {
	if limit <= 0 {
		limit = DefaultCacheBytes
	}
	return &Cache{limit: limit, order: list.New(), entries: map[Key]*list.Element{}, evicted: evicted}
}

// Get returns the picture for k and marks it recently used.
func (c *Cache) Get(k Key) (*Picture, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).pic, true
}

// Put stores p under k, replacing what was there, and evicts the least
// recently used pictures until the cache is within its bound. A picture
// larger than the whole bound is not kept.
func (c *Cache) Put(k Key, p *Picture) {
	c.mu.Lock()
	var gone []*Picture
	if e, ok := c.entries[k]; ok {
		gone = append(gone, c.remove(e))
	}
	if size := p.Bytes(); size <= c.limit {
		c.entries[k] = c.order.PushFront(&cacheEntry{key: k, pic: p})
		c.used += size
	} else {
		gone = append(gone, p)
	}
	for c.used > c.limit {
		gone = append(gone, c.remove(c.order.Back()))
	}
	c.mu.Unlock()
	c.notify(gone)
}

// Used is the number of bytes held.
func (c *Cache) Used() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// Len is the number of pictures held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// Limit is the byte bound.
func (c *Cache) Limit() int64 { return c.limit }

// remove drops one element; c.mu is held.
func (c *Cache) remove(e *list.Element) *Picture {
	ce := c.order.Remove(e).(*cacheEntry)
	delete(c.entries, ce.key)
	c.used -= ce.pic.Bytes()
	return ce.pic
}

// notify reports evicted pictures, outside the lock.
func (c *Cache) notify(gone []*Picture) {
	if c.evicted == nil {
		return
	}
	for _, p := range gone {
		c.evicted(p)
	}
}
