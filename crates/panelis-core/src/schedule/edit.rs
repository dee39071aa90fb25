//! Edits of one room's running order: move a slot to a position, swap two slots, send a
//! no-show to the end of its day. They only reorder; `relayout` then renumbers and recomputes
//! the planned starts, so every edit goes through the same layout rules.

use super::refusal::ScheduleRefusal;
use crate::error::Record;
use crate::model::Slot;
use crate::{time, Error, Result};
use uuid::Uuid;

fn index_of(slots: &[Slot], slot_id: Uuid) -> Result<usize> {
    slots
        .iter()
        .position(|s| s.id == slot_id)
        .ok_or_else(|| Record::Slot.not_found(slot_id))
}

/// Moves a slot to `position` (1-based) in `slots`, the others closing up behind it.
pub fn move_slot(slots: &mut Vec<Slot>, slot_id: Uuid, position: u32) -> Result<()> {
    let from = index_of(slots, slot_id)?;
    if position == 0 || position as usize > slots.len() {
        return Err(Error::Schedule(ScheduleRefusal::PositionOutOfRange {
            slots: slots.len(),
        }));
    }
    let slot = slots.remove(from);
    slots.insert(position as usize - 1, slot);
    Ok(())
}

/// Exchanges the places of two slots of the same room.
pub fn swap_slots(slots: &mut [Slot], a: Uuid, b: Uuid) -> Result<()> {
    let (i, j) = (index_of(slots, a)?, index_of(slots, b)?);
    if i == j {
        return Err(Error::Schedule(ScheduleRefusal::SameSlotTwice));
    }
    slots.swap(i, j);
    Ok(())
}

/// Moves a slot behind the last slot planned on the same venue-local day, e.g. an innovator
/// who has not arrived when called, so they can still present that day.
pub fn move_to_end_of_day(
    slots: &mut Vec<Slot>,
    slot_id: Uuid,
    utc_offset_minutes: i32,
) -> Result<()> {
    let offset = time::venue_offset(utc_offset_minutes)?;
    let from = index_of(slots, slot_id)?;
    let day = |s: &Slot| time::to_local(s.planned_start, offset).date();
    let today = day(&slots[from]);
    let last = slots.iter().rposition(|s| day(s) == today).unwrap_or(from);
    let slot = slots.remove(from);
    slots.insert(last, slot);
    Ok(())
}
