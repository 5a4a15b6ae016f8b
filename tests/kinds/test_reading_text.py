"""A reading's text: paragraphs, and lists whose long items wrap over several lines."""

from practice.library.reading_text import reading_blocks


def test_wrapped_list_items_stay_one_item_and_paragraphs_stay_apart():
    text = (
        "Every couple is different:\n\n"
        "- Naming the problem. Both of you say out loud that trust is broken and that you want\n"
        "  to work on it.\n"
        "- Talking openly.\n\n"
        "You may move back and forth.\n"
    )
    blocks = reading_blocks(text)
    assert [b.paragraph for b in blocks if not b.is_list] == [
        "Every couple is different:",
        "You may move back and forth.",
    ]
    (items,) = [b.items for b in blocks if b.is_list]
    assert items == (
        "Naming the problem. Both of you say out loud that trust is broken and that you want "
        "to work on it.",
        "Talking openly.",
    )


def test_a_paragraph_that_leads_into_a_list_keeps_both():
    blocks = reading_blocks("These help:\n- Sleep.\n- Talk to a friend.")
    assert blocks[0].paragraph == "These help:" and blocks[1].items == (
        "Sleep.",
        "Talk to a friend.",
    )


def test_no_text_is_no_blocks():
    assert reading_blocks("") == [] and reading_blocks(None) == []
