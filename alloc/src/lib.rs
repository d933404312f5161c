//! The memory allocator of twofold's WebAssembly builds: a free list per power-of-two size,
//! carved from the end of linear memory, which grows by whole pages.
//!
//! Why not dlmalloc (Rust's default on `wasm32-unknown-unknown`): it is about 8 KiB of the
//! OTP build's 75 KiB of code, for splitting and coalescing that these calls do not need.
//! The module lives as long as the page, so memory must be reused (a bump allocator that
//! never frees would grow on every keystroke); here a freed block goes back to the list of its
//! size and the next allocation of that size takes it. The price is memory: a block is up to
//! twice what was asked, and a size once used stays reserved for that size. The checker's
//! largest allocations (the word lists' index, a 1 MB password and its copies) are reused
//! call after call, so memory stays at its peak rather than growing.
//!
//! Single-threaded only, as WebAssembly without threads is: there is no locking.
#![no_std]

#[cfg(target_arch = "wasm32")]
mod wasm {
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32;
    use core::cell::UnsafeCell;
    use core::ptr;

    const PAGE: usize = 65536;
    /// The smallest block: room for a free list's link, and the alignment every block has.
    const MIN_CLASS: u32 = 4;
    const CLASSES: usize = usize::BITS as usize;

    struct State {
        /// The first free block of each size class (2^k bytes), linked through their first word.
        free: [*mut u8; CLASSES],
        /// Memory not yet carved into blocks: from `top` to `end`.
        top: usize,
        end: usize,
    }

    /// The allocator; `#[global_allocator]` it in the wasm build.
    pub struct SizeClasses(UnsafeCell<State>);

    // SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread, so the state
    // is never touched from two threads at once.
    unsafe impl Sync for SizeClasses {}

    impl SizeClasses {
        /// An allocator that has carved nothing yet.
        pub const fn new() -> Self {
            Self(UnsafeCell::new(State { free: [ptr::null_mut(); CLASSES], top: 0, end: 0 }))
        }
    }

    impl Default for SizeClasses {
        fn default() -> Self {
            Self::new()
        }
    }

    /// The size class of `layout`: blocks of 2^class bytes, aligned to that or to a page.
    fn class(layout: Layout) -> Option<u32> {
        let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
        let class = size.checked_next_power_of_two()?.trailing_zeros();
        // A block's alignment is its size up to a page; larger alignments are never asked for.
        (layout.align() <= PAGE).then_some(class)
    }

    impl State {
        /// A new block of 2^class bytes from the end of memory, growing it when needed.
        fn carve(&mut self, class: u32) -> *mut u8 {
            if self.end == 0 {
                // Everything past the memory the module started with is the allocator's.
                self.top = wasm32::memory_size(0) * PAGE;
                self.end = self.top;
            }
            let size = 1usize << class;
            let align = size.min(PAGE);
            let Some(start) = self.top.checked_add(align - 1).map(|t| t & !(align - 1)) else {
                return ptr::null_mut();
            };
            let Some(stop) = start.checked_add(size) else { return ptr::null_mut() };
            if stop > self.end {
                let pages = (stop - self.end).div_ceil(PAGE);
                if wasm32::memory_grow(0, pages) == usize::MAX {
                    return ptr::null_mut();
                }
                self.end += pages * PAGE;
            }
            self.top = stop;
            start as *mut u8
        }
    }

    // SAFETY: every block handed out is 2^class bytes, at least the layout's size, aligned to
    // at least its alignment (to min(2^class, PAGE), and `class` refuses alignments above a
    // page), and belongs to one caller until it is freed; a freed block is only handed out again.
    unsafe impl GlobalAlloc for SizeClasses {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let Some(class) = class(layout) else { return ptr::null_mut() };
            // SAFETY: one thread, and no reference to the state outlives this call.
            let state = unsafe { &mut *self.0.get() };
            let head = state.free[class as usize];
            if head.is_null() {
                return state.carve(class);
            }
            // SAFETY: a free block's first word holds the next free block of its class.
            state.free[class as usize] = unsafe { head.cast::<*mut u8>().read() };
            head
        }

        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            let Some(class) = class(layout) else { return };
            // SAFETY: one thread, and no reference to the state outlives this call.
            let state = unsafe { &mut *self.0.get() };
            // SAFETY: the block was allocated with this layout, so it is 2^class bytes, at least
            // 16 and aligned to 16: room for the link, which is written nowhere else while free.
            unsafe { block.cast::<*mut u8>().write(state.free[class as usize]) };
            state.free[class as usize] = block;
        }

        unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
                return ptr::null_mut();
            };
            // A block that already has room is kept: a growing Vec moves once per doubling.
            if class(layout) == class(new_layout) {
                return block;
            }
            // SAFETY: the caller's layout is valid and not zero-sized (GlobalAlloc's contract).
            let moved = unsafe { self.alloc(new_layout) };
            if !moved.is_null() {
                // SAFETY: both blocks hold at least the smaller size and do not overlap.
                unsafe { ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size)) };
                // SAFETY: `block` was allocated with `layout` and is not used again.
                unsafe { self.dealloc(block, layout) };
            }
            moved
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use wasm::SizeClasses;
