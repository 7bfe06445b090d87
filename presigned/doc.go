// Package presigned is what an issued link is: where it points, how it was
// signed, when it ends (requested and effective), its status at a moment,
// the verdict of its last live check, and the names it is shown by. It is
// the ground every other package stands on, and does no I/O.
package presigned
