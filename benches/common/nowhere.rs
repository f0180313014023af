//! An `Outside` that does nothing, for benches that drive the runtime's `Session`: the
//! effects they measure (search, drawing) never reach the browser, clipboard or terminal.

use std::path::Path;

use paap::tui::Outside;

pub struct Nowhere;

impl Outside for Nowhere {
    fn open_url(&mut self, _: &str) -> std::io::Result<String> {
        Ok(String::new())
    }
    fn copy(&mut self, _: &str) -> std::io::Result<()> {
        Ok(())
    }
    fn set_mouse_capture(&mut self, _: bool) -> std::io::Result<()> {
        Ok(())
    }
    fn suspend(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    fn edit(&mut self, _: &[String], _: &Path, _: usize) -> std::io::Result<Option<String>> {
        Ok(None)
    }
}
