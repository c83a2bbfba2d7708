-- Word's list styles «List Number 2», «List Bullet 3», … are sub-steps of the item above them. pandoc
-- reads each style as a list of its own (a second list numbered from 1); this puts every such list
-- inside the last item one level up, as Word shows it. Needs the docx reader's `styles` extension.

local function level(list)
  local first = list.content[1] and list.content[1][1]
  local style = first and first.t == "Div" and first.attributes["custom-style"] or ""
  return tonumber(style:match("^List[%a ]-(%d)$")) or 1
end

local function is_list(block)
  return block.t == "OrderedList" or block.t == "BulletList"
end

-- The items of a run of lists, each with its level, kind and (for the first item of a list) its start.
local function flatten(run)
  local entries = {}
  for _, list in ipairs(run) do
    for i, item in ipairs(list.content) do
      entries[#entries + 1] = {level = level(list), kind = list.t, attr = list.t == "OrderedList" and list.listAttributes or nil,
                               item = item, first = i == 1}
    end
  end
  return entries
end

local function build(entries, i, depth)
  local blocks = pandoc.Blocks{}
  local items, kind, attr = nil, nil, nil
  local function close()
    if items then
      blocks:insert(kind == "OrderedList" and pandoc.OrderedList(items, attr) or pandoc.BulletList(items))
    end
  end
  while i <= #entries and (entries[i].level >= depth or depth == 1) do
    local e = entries[i]
    if e.level > depth and items then
      local nested
      nested, i = build(entries, i, depth + 1)
      items[#items]:extend(nested)
    else
      if e.kind ~= kind then
        close()
        -- a sub-list counts from 1: pandoc carries the style's own count on from its last sub-list
        items, kind, attr = pandoc.List{}, e.kind, depth == 1 and e.attr or pandoc.ListAttributes(1)
      end
      items:insert(pandoc.Blocks(e.item))
      i = i + 1
    end
  end
  close()
  return blocks, i
end

function Blocks(blocks)
  local out, run = pandoc.Blocks{}, {}
  local function flush()
    if #run > 0 then
      out:extend((build(flatten(run), 1, 1)))
      run = {}
    end
  end
  for _, block in ipairs(blocks) do
    if is_list(block) then
      run[#run + 1] = block
    else
      flush()
      out:insert(block)
    end
  end
  flush()
  return out
end
