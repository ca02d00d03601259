"""The screens of the bench application, each driven by plain state and emitting input events."""
