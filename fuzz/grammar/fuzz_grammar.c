// The grammar's generated parser and C scanner under ASan and UBSan: parses arbitrary
// bytes, walks the whole tree checking every node's range, then re-parses incrementally
// after an edit (the path the language server takes) and walks again.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_claimdown(void);

// A cursor walk, not recursion: deep nesting must not overflow the harness's stack.
static void walk(TSTree *tree, uint32_t len) {
    TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
        if (start > end || end > len) abort();
        (void)ts_node_type(node);
        (void)ts_node_is_named(node);
        (void)ts_node_has_error(node);
        (void)ts_tree_cursor_current_field_name(&cursor);
        if (ts_tree_cursor_goto_first_child(&cursor)) continue;
        while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
            if (!ts_tree_cursor_goto_parent(&cursor)) {
                ts_tree_cursor_delete(&cursor);
                return;
            }
        }
    }
}

static TSPoint point_of(const uint8_t *text, uint32_t byte) {
    TSPoint point = {0, 0};
    for (uint32_t i = 0; i < byte; i++) {
        if (text[i] == '\n') {
            point.row++;
            point.column = 0;
        } else {
            point.column++;
        }
    }
    return point;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static TSParser *parser;
    if (!parser) {
        parser = ts_parser_new();
        if (!ts_parser_set_language(parser, tree_sitter_claimdown())) abort();
    }
    if (size > (1u << 20)) return 0;
    uint32_t len = (uint32_t)size;
    TSTree *tree = ts_parser_parse_string(parser, NULL, (const char *)data, len);
    if (!tree) abort();
    walk(tree, len);

    // The edit: the input's first byte picks a place; the byte there is deleted and the
    // input's last two bytes are inserted (enough to open or close a bracket or a block).
    if (len >= 3) {
        uint32_t at = (uint32_t)data[0] * len / 256;
        uint32_t new_len = len - 1 + 2;
        uint8_t *text = malloc(new_len);
        memcpy(text, data, at);
        memcpy(text + at, data + len - 2, 2);
        memcpy(text + at + 2, data + at + 1, len - at - 1);
        TSInputEdit edit = {
            .start_byte = at,
            .old_end_byte = at + 1,
            .new_end_byte = at + 2,
            .start_point = point_of(data, at),
            .old_end_point = point_of(data, at + 1),
            .new_end_point = point_of(text, at + 2),
        };
        ts_tree_edit(tree, &edit);
        TSTree *new_tree = ts_parser_parse_string(parser, tree, (const char *)text, new_len);
        if (!new_tree) abort();
        walk(new_tree, new_len);
        uint32_t count = 0;
        TSRange *ranges = ts_tree_get_changed_ranges(tree, new_tree, &count);
        for (uint32_t i = 0; i < count; i++) {
            if (ranges[i].start_byte > ranges[i].end_byte || ranges[i].end_byte > new_len) abort();
        }
        free(ranges);
        ts_tree_delete(new_tree);
        free(text);
    }
    ts_tree_delete(tree);
    return 0;
}
