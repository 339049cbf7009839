"""Department processing: work queues, handoffs, approval, supplements, lateness, forms 04 and 05."""
