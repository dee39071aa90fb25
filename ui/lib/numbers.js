// Entry numbers as people write them: "1-4, 7, 9, 10", runs folded.
export function numbers(list) {
  const parts = [];
  for (let i = 0; i < list.length;) {
    let j = i;
    while (j + 1 < list.length && list[j + 1] === list[j] + 1) j += 1;
    if (j > i + 1) parts.push(`${list[i]}-${list[j]}`);
    else if (j === i + 1) parts.push(`${list[i]}, ${list[j]}`);
    else parts.push(String(list[i]));
    i = j + 1;
  }
  return parts.join(', ');
}
